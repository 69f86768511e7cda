#pragma once

#include <cstdint>

#include "model/AnnotationEditor.h"

namespace slicewise::test {

// The content of save number `seq` in the crash and disk-full tests: every voxel's label follows
// from (voxel, seq) by a hash, so one save rewrites the whole volume with data that does not
// compress, and the reader can tell exactly which save it sees. A person paints it (through the
// edit API), so every voxel is drawn.
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

inline ImageGeometry patternGeometry() {
  ImageGeometry g;
  g.size = {160, 160, 48};
  return g;
}

// Paints save `seq`'s labels over the whole volume, slice by slice, as one edit.
inline void paintPattern(AnnotationEditor& editor, int64_t seq) {
  const ImageGeometry& g = editor.geometry();
  const SlicePlane plane = slicePlane(g, SliceAxis::Axial);
  EditTransaction edit = editor.begin("pattern");
  std::vector<Label> pixels(plane.pixelCount());
  for (int64_t k = 0; k < g.size[2]; ++k) {
    for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = patternLabel(size_t(k) * pixels.size() + i, seq);
    edit.assignSlice(SliceAxis::Axial, k, pixels, EditActor::Person);
  }
  edit.commit();
}

// Index of the first voxel that differs from save `seq`, or -1.
inline int64_t firstPatternMismatch(const LabelVolume& labels, const ProvenanceVolume& provenance,
                                    int64_t seq) {
  for (size_t i = 0; i < labels.voxelCount(); ++i)
    if (labels.data()[i] != patternLabel(i, seq) || provenance.at(i) != VoxelOrigin::Drawn)
      return int64_t(i);
  return -1;
}

}  // namespace slicewise::test
