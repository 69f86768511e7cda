#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace slicewise {

// zlib (fastest level: autosave time matters more than a few percent of disk) of raw
// little-endian voxel bytes. Decoding checks the expected size, so a damaged blob is an error
// rather than a shifted slice.
std::vector<uint8_t> compressBytes(const void* data, size_t bytes);
// Throws StudyError when the blob does not inflate to exactly `bytes`.
void decompressBytes(const std::vector<uint8_t>& blob, void* out, size_t bytes);

}  // namespace slicewise
