#pragma once

#include <cstdint>
#include <string>

namespace slicewise {

// Deflate (gzip, zlib) cannot expand data more than 1032:1, so a header claiming more voxel
// bytes than 1032 times the compressed bytes lies, whatever the data.
constexpr uint64_t kDeflateMaxRatio = 1032;

// Before an image is read: what its header claims (`claimedBytes` of voxel data, described by
// `claim`, e.g. "4000x1500x500 uint8") against the bytes the file holds (raw data must all be
// there; compressed data can hold at most kDeflateMaxRatio times its size), then `peakBytes`
// (what reading it allocates) against usableMemoryBytes(). Throws IoError with one line naming
// the sizes. Truncated raw NRRD and MetaImage files end here instead of being read with zeros.
void checkImageData(const std::string& path, uint64_t claimedBytes, uint64_t peakBytes,
                    const std::string& claim);

// After an image was written: every data byte is there and a compressed stream is complete and
// decompresses to `expectedBytes` (ITK's NIfTI writer only prints to stderr when the disk is
// full and leaves a short file). Throws IoError naming `displayName`.
void verifyWrittenImage(const std::string& path, uint64_t expectedBytes, const std::string& displayName);

// Throws IoError when `bytes` exceed usableMemoryBytes(): "<what> needs 5.9 GB, more than the
// 3.8 GB of memory this process can use".
void requireMemory(uint64_t bytes, const std::string& what);

}  // namespace slicewise
