#include "study/SliceCodec.h"

#include <zlib.h>

#include "study/Study.h"

namespace slicewise {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "blobs are stored little-endian");

std::vector<uint8_t> compressBytes(const void* data, size_t bytes) {
  uLongf outLen = compressBound(uLong(bytes));
  std::vector<uint8_t> out(outLen);
  const int rc = compress2(out.data(), &outLen, static_cast<const Bytef*>(data), uLong(bytes),
                           Z_BEST_SPEED);
  if (rc != Z_OK) throw StudyError("cannot compress a slice (zlib error " + std::to_string(rc) + ")");
  out.resize(outLen);
  return out;
}

void decompressBytes(const std::vector<uint8_t>& blob, void* out, size_t bytes) {
  uLongf outLen = uLongf(bytes);
  const int rc = uncompress(static_cast<Bytef*>(out), &outLen, blob.data(), uLong(blob.size()));
  if (rc != Z_OK || outLen != bytes)
    throw StudyError("the study database holds a damaged slice (it does not decompress to " +
                     std::to_string(bytes) + " bytes)");
}

}  // namespace slicewise
