#pragma once

#include <cstdint>

#include "model/ImageGeometry.h"
#include "model/LabelVolume.h"
#include "model/Provenance.h"

namespace slicewise::test {

// The content of save number `seq` in the crash and disk-full tests: every voxel's label and
// provenance follow from (voxel, seq) by a hash, so one save rewrites the whole volume with data
// that does not compress, and the reader can tell exactly which save it sees.
inline uint32_t patternHash(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return uint32_t(x);
}

inline Label patternLabel(size_t voxel, int64_t seq) {
  return Label(patternHash((uint64_t(seq) << 32) ^ voxel) & 0xffff);
}

inline VoxelOrigin patternOrigin(size_t voxel, int64_t seq) {
  return VoxelOrigin(patternHash((uint64_t(seq) << 32) ^ voxel ^ 0x5555555555ULL) % 3);
}

inline ImageGeometry patternGeometry() {
  ImageGeometry g;
  g.size = {160, 160, 48};
  return g;
}

inline void fillPattern(LabelVolume& labels, ProvenanceVolume& provenance, int64_t seq) {
  for (size_t i = 0; i < labels.voxelCount(); ++i) {
    labels.data()[i] = patternLabel(i, seq);
    provenance.set(i, patternOrigin(i, seq));
  }
}

// Index of the first voxel that differs from save `seq`, or -1.
inline int64_t firstPatternMismatch(const LabelVolume& labels, const ProvenanceVolume& provenance,
                                    int64_t seq) {
  for (size_t i = 0; i < labels.voxelCount(); ++i)
    if (labels.data()[i] != patternLabel(i, seq) || provenance.at(i) != patternOrigin(i, seq))
      return int64_t(i);
  return -1;
}

}  // namespace slicewise::test
