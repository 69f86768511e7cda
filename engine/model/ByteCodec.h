#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace slicewise {

class CodecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// zlib (fastest level: autosave and undo time matter more than a few percent of bytes) of raw
// little-endian voxel bytes. Decoding checks the expected size, so a damaged blob is an error
// rather than shifted voxels.
std::vector<uint8_t> compressBytes(const void* data, size_t bytes);
// Throws CodecError when the blob does not inflate to exactly `bytes`.
void decompressBytes(const std::vector<uint8_t>& blob, void* out, size_t bytes);

}  // namespace slicewise
