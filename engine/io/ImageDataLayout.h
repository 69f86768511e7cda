#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace slicewise {

// Where an image file keeps its voxels, read from its header alone (NIfTI, NRRD, MetaImage,
// GIPL): the header and data files, the offset of the data and how it is encoded. The checks
// against truncated files and header bombs and the verification of written files work on it.
struct ImageDataLayout {
  enum class Encoding {
    Raw,         // the voxels as they are, at dataOffset in dataFile
    Deflate,     // a gzip or zlib stream starting at dataOffset (NRRD gzip, MetaImage compressed)
    GzipFile,    // the whole file is gzip (.nii.gz, .gipl.gz): dataOffset counts decompressed bytes
    Unchecked,   // text, hex, bzip2, file lists: not checked here
  };
  std::vector<std::string> files;  // the header first, then the data file when separate
  std::string dataFile;            // empty when Unchecked
  uint64_t dataOffset = 0;
  bool offsetFromEnd = false;      // the data is the last bytes of dataFile (NRRD byte skip -1)
  uint64_t compressedBytes = 0;    // MetaImage CompressedDataSize; 0 when not stated
  Encoding encoding = Encoding::Unchecked;
};

// Throws IoError for headers that cannot be read. Unknown extensions give {path} Unchecked.
ImageDataLayout imageDataLayout(const std::string& path);

// The header and its data file(s) that exist: what copying or protecting an image must cover
// (an .mhd without its .raw is unreadable). Never throws; {path} when the header is unreadable.
std::vector<std::string> imageFilesOf(const std::string& path);

}  // namespace slicewise
