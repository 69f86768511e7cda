#include "io/ImageDataCheck.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "files/CheckedFile.h"
#include "files/MemoryBudget.h"
#include "io/ImageDataLayout.h"
#include "io/IoError.h"

namespace fs = std::filesystem;

namespace slicewise {

namespace {

using Encoding = ImageDataLayout::Encoding;

std::string quoted(const std::string& p) { return "'" + p + "'"; }

uint64_t sizeOf(const std::string& file) {
  std::error_code ec;
  const uint64_t size = fs::file_size(file, ec);
  if (ec) throw IoError("cannot read " + quoted(file) + ": " + ec.message());
  return size;
}

// Bytes a gzip or zlib stream starting at `offset` of `file` decompresses to; -1 when it is
// damaged or ends before its end marker. Stops once more than `limit` bytes came out.
int64_t inflatedLength(const std::string& file, uint64_t offset, uint64_t limit) {
  std::ifstream in(file, std::ios::binary);
  if (!in.seekg(std::streamoff(offset))) return -1;
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) return -1;  // 15 + 32: gzip or zlib header
  std::vector<unsigned char> input(1 << 16), output(1 << 18);
  uint64_t total = 0;
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    if (z.avail_in == 0) {
      in.read(reinterpret_cast<char*>(input.data()), std::streamsize(input.size()));
      z.avail_in = uInt(in.gcount());
      z.next_in = input.data();
      if (z.avail_in == 0) break;  // the file ended first
    }
    z.next_out = output.data();
    z.avail_out = uInt(output.size());
    status = inflate(&z, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) break;
    total += output.size() - z.avail_out;
    if (total > limit) break;
  }
  inflateEnd(&z);
  return status == Z_STREAM_END ? int64_t(total) : -1;
}

}  // namespace

void requireMemory(uint64_t bytes, const std::string& what) {
  const uint64_t usable = usableMemoryBytes();
  if (bytes > usable)
    throw IoError(what + " needs " + formatBytes(bytes) + ", more than the " + formatBytes(usable) +
                  " of memory this process can use");
}

void checkImageData(const std::string& path, uint64_t claimedBytes, uint64_t peakBytes, const std::string& claim) {
  const ImageDataLayout l = imageDataLayout(path);
  const std::string claimText = quoted(path) + " claims " + claim + " (" + formatBytes(claimedBytes) + ")";
  if (l.encoding == Encoding::Raw) {
    const uint64_t size = sizeOf(l.dataFile);
    const uint64_t have = l.offsetFromEnd ? size : (size > l.dataOffset ? size - l.dataOffset : 0);
    if (have < claimedBytes)
      throw IoError(claimText + " but " + (l.dataFile == path ? "holds" : quoted(l.dataFile) + " holds") +
                    " only " + formatBytes(have) + " of voxel data: the file is cut short or its header is wrong");
  } else if (l.encoding == Encoding::Deflate || l.encoding == Encoding::GzipFile) {
    const uint64_t size = sizeOf(l.dataFile);
    uint64_t compressed = l.encoding == Encoding::Deflate && size > l.dataOffset ? size - l.dataOffset : size;
    if (l.compressedBytes > 0) {
      if (l.compressedBytes > compressed)
        throw IoError(quoted(path) + " states " + formatBytes(l.compressedBytes) + " of compressed data but " +
                      "holds only " + formatBytes(compressed) + ": the file is cut short");
      compressed = l.compressedBytes;
    }
    const uint64_t before = l.encoding == Encoding::GzipFile ? l.dataOffset : 0;
    const uint64_t most = saturatingSum(saturatingProduct({compressed, kDeflateMaxRatio}), 1024);
    if (saturatingSum(claimedBytes, before) > most)
      throw IoError(claimText + " but its " + formatBytes(compressed) +
                    " of compressed data can hold at most " + formatBytes(most) + " (1032:1, deflate's limit)");
  }
  requireMemory(peakBytes, "reading " + quoted(path) + " (" + claim + ")");
}

void verifyWrittenImage(const std::string& path, uint64_t expectedBytes, const std::string& displayName) {
  const auto fail = [&](const std::string& why) {
    throw IoError("cannot write " + quoted(displayName) + ": " + why);
  };
  ImageDataLayout l;
  try {
    l = imageDataLayout(path);
  } catch (const IoError&) {
    fail(shortWriteReason(path) + " (the header is incomplete)");
  }
  switch (l.encoding) {
    case Encoding::Raw: {
      const uint64_t size = sizeOf(l.dataFile);
      if (size < l.dataOffset + expectedBytes)
        fail(shortWriteReason(l.dataFile) + " (" + std::to_string(size) + " of " +
             std::to_string(l.dataOffset + expectedBytes) + " bytes written)");
      break;
    }
    case Encoding::Deflate:
    case Encoding::GzipFile: {
      const uint64_t want = expectedBytes + (l.encoding == Encoding::GzipFile ? l.dataOffset : 0);
      const int64_t got = inflatedLength(l.dataFile, l.encoding == Encoding::Deflate ? l.dataOffset : 0, UINT64_MAX);
      if (got < 0) fail(shortWriteReason(l.dataFile) + " (the compressed data ends early)");
      if (uint64_t(got) < want)
        fail("the compressed data holds " + std::to_string(got) + " of " + std::to_string(want) + " bytes");
      break;
    }
    case Encoding::Unchecked:
      if (sizeOf(path) == 0) fail(shortWriteReason(path) + " (nothing was written)");
      break;
  }
}

}  // namespace slicewise
