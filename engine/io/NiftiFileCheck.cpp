#include "io/NiftiFileCheck.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <sstream>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "io/IoError.h"

namespace slicewise {

namespace {

std::string quoted(const std::string& path) { return "'" + path + "'"; }

uint32_t swap32(uint32_t v) {
  return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

struct GzCloser {
  void operator()(gzFile_s* f) const { gzclose(f); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

// Decompressed length of a .nii.gz, or -1 when the stream is damaged or cut short.
int64_t decompressedLength(const std::string& path) {
  GzFile f(gzopen(path.c_str(), "rb"));
  if (!f) return -1;
  std::vector<char> buf(1 << 20);
  int64_t total = 0;
  for (;;) {
    const int n = gzread(f.get(), buf.data(), unsigned(buf.size()));
    if (n < 0) return -1;
    if (n == 0) break;
    total += n;
  }
  int err = Z_OK;
  gzerror(f.get(), &err);
  return err == Z_OK ? total : -1;
}

// gzip's trailer holds the length modulo 2^32 of the last member; most files have one member.
bool trailerLength(const std::string& path, uint32_t* length) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f || std::fseek(f.get(), -4, SEEK_END) != 0) return false;
  std::array<unsigned char, 4> b{};
  if (std::fread(b.data(), 1, 4, f.get()) != 4) return false;
  *length = uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24;
  return true;
}

}  // namespace

bool isNiftiFileName(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return name.ends_with(".nii") || name.ends_with(".nii.gz");
}

namespace {

template <class T>
T fieldAt(const std::array<unsigned char, 540>& header, size_t offset, bool swapped) {
  T v{};
  unsigned char bytes[sizeof(T)];
  std::memcpy(bytes, header.data() + offset, sizeof(T));
  if (swapped) std::reverse(bytes, bytes + sizeof(T));
  std::memcpy(&v, bytes, sizeof(T));
  return v;
}

}  // namespace

NiftiHeader readNiftiHeader(const std::string& path) {
  // gzopen reads uncompressed files as they are, so one path serves .nii and .nii.gz.
  GzFile f(gzopen(path.c_str(), "rb"));
  if (!f) throw IoError("cannot open " + quoted(path));
  std::array<unsigned char, 540> header{};
  const int got = gzread(f.get(), header.data(), unsigned(header.size()));
  if (got < 348) throw IoError(quoted(path) + " is too short to be a NIfTI image");
  NiftiHeader h;
  h.compressed = !gzdirect(f.get());
  f.reset();

  uint32_t sizeofHdr = 0;
  std::memcpy(&sizeofHdr, header.data(), 4);
  const bool swapped = sizeofHdr != 348 && sizeofHdr != 540;
  if (swapped) sizeofHdr = swap32(sizeofHdr);
  if (sizeofHdr == 348) {
    h.version = 1;
    for (size_t i = 0; i < 8; ++i) {
      h.dim[i] = fieldAt<int16_t>(header, 40 + 2 * i, swapped);
      h.pixdim[i] = fieldAt<float>(header, 76 + 4 * i, swapped);
    }
    const double voxOffset = fieldAt<float>(header, 108, swapped);
    h.qformCode = fieldAt<int16_t>(header, 252, swapped);
    h.sformCode = fieldAt<int16_t>(header, 254, swapped);
    h.dataOffset = voxOffset > 0 && voxOffset < 1e15 ? uint64_t(voxOffset) : 0;
  } else if (sizeofHdr == 540) {
    if (got < 540) throw IoError(quoted(path) + " is too short to be a NIfTI-2 image");
    h.version = 2;
    for (size_t i = 0; i < 8; ++i) {
      h.dim[i] = fieldAt<int64_t>(header, 16 + 8 * i, swapped);
      h.pixdim[i] = fieldAt<double>(header, 104 + 8 * i, swapped);
    }
    const int64_t voxOffset = fieldAt<int64_t>(header, 168, swapped);
    h.qformCode = fieldAt<int32_t>(header, 344, swapped);
    h.sformCode = fieldAt<int32_t>(header, 348, swapped);
    h.dataOffset = voxOffset > 0 ? uint64_t(voxOffset) : 0;
  } else {
    uint32_t stated = 0;
    std::memcpy(&stated, header.data(), 4);
    throw IoError(quoted(path) + " is not a NIfTI image (its header size is " +
                  std::to_string(stated) + ", not 348 or 540)");
  }
  // A single .nii keeps its voxels after the header and the 4-byte extension flag.
  h.dataOffset = std::max<uint64_t>(sizeofHdr + 4, h.dataOffset);
  return h;
}

void checkNiftiSpacing(const std::string& path, const NiftiHeader& h) {
  const int64_t dims = std::clamp<int64_t>(h.dim[0], 1, 3);
  for (int64_t d = 1; d <= dims; ++d) {
    const double s = h.pixdim[size_t(d)];
    const bool positive = std::isfinite(s) && s > 0;
    // The sign of pixdim is ignored once a qform or sform gives the geometry; alone it flips.
    const bool signIgnored = s < 0 && std::isfinite(s) && (h.qformCode > 0 || h.sformCode > 0);
    if (positive || signIgnored) continue;
    std::ostringstream v;
    v << s;
    throw IoError(quoted(path) + " gives a voxel spacing of " + v.str() + " mm along axis " +
                  std::to_string(d) + " (pixdim[" + std::to_string(d) +
                  "]); a spacing must be a positive number of mm: fix the header");
  }
}

void checkNiftiFile(const std::string& path, uint64_t imageBytes) {
  const NiftiHeader h = readNiftiHeader(path);
  const uint64_t needed = h.dataOffset + imageBytes;

  int64_t have = -1;
  if (!h.compressed) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec) have = int64_t(size);
  } else {
    uint32_t trailer = 0;
    // The trailer agreeing with the expected length settles it without decompressing twice.
    if (trailerLength(path, &trailer) && trailer == uint32_t(needed)) return;
    have = decompressedLength(path);
    if (have < 0)
      throw IoError(quoted(path) + " is damaged or cut short (its gzip stream does not end properly)");
  }
  if (have < 0 || uint64_t(have) < needed)
    throw IoError(quoted(path) + " is cut short: its header needs " + std::to_string(needed) +
                  " bytes of image data and header, the file holds " + std::to_string(have));
}

}  // namespace slicewise
