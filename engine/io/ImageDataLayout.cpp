#include "io/ImageDataLayout.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "files/RegularFile.h"
#include "io/IoError.h"
#include "io/NiftiFileCheck.h"

namespace fs = std::filesystem;

namespace slicewise {

namespace {

using Encoding = ImageDataLayout::Encoding;

std::string quoted(const std::string& p) { return "'" + p + "'"; }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return {};
  const size_t b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

bool parseCount(const std::string& text, int64_t* out) {
  try {
    size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used != text.size()) return false;
    *out = v;
    return true;
  } catch (...) {
    return false;
  }
}

std::string sibling(const std::string& header, const std::string& name) {
  const fs::path p(name);
  if (p.is_absolute()) return name;
  return (fs::path(header).parent_path() / p).string();
}

// Headers are text of a few KB; more than this is not a header.
constexpr size_t kMaxHeaderBytes = 1 << 20;

ImageDataLayout nrrdLayout(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot open " + quoted(path));
  ImageDataLayout l;
  l.files = {path};
  std::string line, encoding = "raw", dataFile;
  int64_t lineSkip = 0, byteSkip = 0;
  uint64_t consumed = 0;
  bool first = true;
  while (std::getline(in, line)) {
    consumed += line.size() + 1;
    if (consumed > kMaxHeaderBytes) throw IoError(quoted(path) + " has no end to its NRRD header");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (first) {
      first = false;
      if (!line.starts_with("NRRD")) throw IoError(quoted(path) + " is not a NRRD file");
      continue;
    }
    if (line.empty()) break;  // the end of the header; attached data follows
    if (line[0] == '#' || line.find(":=") != std::string::npos) continue;
    const size_t colon = line.find(": ");
    if (colon == std::string::npos) continue;
    const std::string field = lower(trim(line.substr(0, colon)));
    const std::string value = trim(line.substr(colon + 2));
    if (field == "encoding") encoding = lower(value);
    else if (field == "data file" || field == "datafile") dataFile = value;
    else if (field == "line skip" || field == "lineskip") parseCount(value, &lineSkip);
    else if (field == "byte skip" || field == "byteskip") parseCount(value, &byteSkip);
  }
  if (encoding == "raw") l.encoding = Encoding::Raw;
  else if (encoding == "gz" || encoding == "gzip") l.encoding = Encoding::Deflate;
  else return l;  // text, hex, bzip2: Unchecked
  // "LIST" and "%d" patterns name several files: not checked.
  if (!dataFile.empty() && (dataFile.starts_with("LIST") || dataFile.find('%') != std::string::npos)) {
    l.encoding = Encoding::Unchecked;
    return l;
  }
  uint64_t offset = 0;
  if (dataFile.empty()) {
    l.dataFile = path;
    offset = consumed;
  } else {
    l.dataFile = sibling(path, dataFile);
    l.files.push_back(l.dataFile);
  }
  if (lineSkip > 0) {
    // Skipped lines are counted in the data file; rare enough to read them here.
    std::ifstream data(l.dataFile, std::ios::binary);
    data.seekg(std::streamoff(offset));
    for (int64_t i = 0; i < lineSkip && std::getline(data, line); ++i) offset += line.size() + 1;
  }
  if (byteSkip == -1 && l.encoding == Encoding::Raw) l.offsetFromEnd = true;
  else if (byteSkip > 0) offset += uint64_t(byteSkip);
  l.dataOffset = offset;
  return l;
}

ImageDataLayout metaLayout(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot open " + quoted(path));
  ImageDataLayout l;
  l.files = {path};
  std::string line, dataFile;
  bool compressed = false;
  int64_t headerSize = 0, compressedSize = 0;
  uint64_t consumed = 0;
  while (std::getline(in, line)) {
    consumed += line.size() + 1;
    if (consumed > kMaxHeaderBytes) throw IoError(quoted(path) + " has no end to its MetaImage header");
    const size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = lower(trim(line.substr(0, eq)));
    const std::string value = trim(line.substr(eq + 1));
    if (key == "compresseddata") compressed = lower(value) == "true";
    else if (key == "compresseddatasize") parseCount(value, &compressedSize);
    else if (key == "headersize") parseCount(value, &headerSize);
    else if (key == "elementdatafile") {
      dataFile = value;
      break;  // the last field: LOCAL data starts on the next byte
    }
  }
  if (dataFile.empty()) throw IoError(quoted(path) + " has no ElementDataFile: not a MetaImage header");
  const std::string kind = lower(dataFile);
  if (kind.starts_with("list") || dataFile.find('%') != std::string::npos) return l;
  l.encoding = compressed ? Encoding::Deflate : Encoding::Raw;
  if (compressedSize > 0) l.compressedBytes = uint64_t(compressedSize);
  if (kind == "local") {
    l.dataFile = path;
    l.dataOffset = consumed;
  } else {
    l.dataFile = sibling(path, dataFile);
    l.files.push_back(l.dataFile);
    if (headerSize == -1 && !compressed) l.offsetFromEnd = true;
    else if (headerSize > 0) l.dataOffset = uint64_t(headerSize);
  }
  return l;
}

}  // namespace

ImageDataLayout imageDataLayout(const std::string& path) {
  // Never opened when it is a FIFO or a device: the open itself would block.
  if (const std::string kind = irregularFileKind(path); !kind.empty())
    throw IoError(quoted(path) + " is not a regular file (" + kind + ")");
  const std::string name = lower(fs::path(path).filename().string());
  if (name.ends_with(".nhdr") || name.ends_with(".nrrd")) return nrrdLayout(path);
  if (name.ends_with(".mhd") || name.ends_with(".mha")) return metaLayout(path);
  ImageDataLayout l;
  l.files = {path};
  if (isNiftiFileName(path)) {
    const NiftiHeader h = readNiftiHeader(path);
    l.dataFile = path;
    l.dataOffset = h.dataOffset;
    l.encoding = h.compressed ? Encoding::GzipFile : Encoding::Raw;
  } else if (name.ends_with(".gipl") || name.ends_with(".gipl.gz")) {
    l.dataFile = path;
    l.dataOffset = 256;  // GIPL's fixed header
    l.encoding = name.ends_with(".gz") ? Encoding::GzipFile : Encoding::Raw;
  }
  return l;
}

std::vector<std::string> imageFilesOf(const std::string& path) {
  try {
    std::vector<std::string> files;
    for (const std::string& f : imageDataLayout(path).files) {
      std::error_code ec;
      if (fs::exists(f, ec)) files.push_back(f);
    }
    if (files.empty()) files.push_back(path);
    return files;
  } catch (const IoError&) {
    return {path};
  }
}

}  // namespace slicewise
