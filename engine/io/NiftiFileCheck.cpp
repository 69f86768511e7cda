#include "io/NiftiFileCheck.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
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

uint64_t swap64(uint64_t v) {
  return (uint64_t(swap32(uint32_t(v))) << 32) | swap32(uint32_t(v >> 32));
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

void checkNiftiFile(const std::string& path, uint64_t imageBytes) {
  // gzopen reads uncompressed files as they are, so one path serves .nii and .nii.gz.
  GzFile f(gzopen(path.c_str(), "rb"));
  if (!f) throw IoError("cannot open " + quoted(path));
  std::array<unsigned char, 176> header{};
  if (gzread(f.get(), header.data(), unsigned(header.size())) != int(header.size()))
    throw IoError(quoted(path) + " is too short to be a NIfTI image");
  const bool compressed = !gzdirect(f.get());
  f.reset();

  uint32_t sizeofHdr = 0;
  std::memcpy(&sizeofHdr, header.data(), 4);
  const bool swapped = sizeofHdr != 348 && sizeofHdr != 540;
  if (swapped) sizeofHdr = swap32(sizeofHdr);
  double voxOffset = 0;
  if (sizeofHdr == 348) {
    uint32_t raw = 0;
    std::memcpy(&raw, header.data() + 108, 4);
    if (swapped) raw = swap32(raw);
    float v = 0;
    std::memcpy(&v, &raw, 4);
    voxOffset = v;
  } else if (sizeofHdr == 540) {
    uint64_t raw = 0;
    std::memcpy(&raw, header.data() + 168, 8);
    if (swapped) raw = swap64(raw);
    voxOffset = double(int64_t(raw));
  } else {
    uint32_t stated = 0;
    std::memcpy(&stated, header.data(), 4);
    throw IoError(quoted(path) + " is not a NIfTI image (its header size is " +
                  std::to_string(stated) + ", not 348 or 540)");
  }
  // A single .nii keeps its voxels after the 348-byte header and the 4-byte extension flag.
  const uint64_t minimumOffset = sizeofHdr + 4;
  const uint64_t offset = std::max<uint64_t>(minimumOffset, voxOffset > 0 ? uint64_t(voxOffset) : 0);
  const uint64_t needed = offset + imageBytes;

  int64_t have = -1;
  if (!compressed) {
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
