#include "model/ByteCodec.h"

#include <zlib.h>

#include <string>

namespace slicewise {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "blobs are stored little-endian");

std::vector<uint8_t> compressBytes(const void* data, size_t bytes) {
  uLongf outLen = compressBound(uLong(bytes));
  std::vector<uint8_t> out(outLen);
  const int rc = compress2(out.data(), &outLen, static_cast<const Bytef*>(data), uLong(bytes),
                           Z_BEST_SPEED);
  if (rc != Z_OK) throw CodecError("cannot compress voxels (zlib error " + std::to_string(rc) + ")");
  out.resize(outLen);
  return out;
}

void decompressBytes(const std::vector<uint8_t>& blob, void* out, size_t bytes) {
  uLongf outLen = uLongf(bytes);
  const int rc = uncompress(static_cast<Bytef*>(out), &outLen, blob.data(), uLong(blob.size()));
  if (rc != Z_OK || outLen != bytes)
    throw CodecError("damaged voxel data (it does not decompress to " + std::to_string(bytes) +
                     " bytes)");
}

}  // namespace slicewise
