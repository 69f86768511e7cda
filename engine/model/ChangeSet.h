#pragma once

#include <compare>
#include <cstdint>
#include <vector>

#include "model/ImageGeometry.h"
#include "model/LabelVolume.h"
#include "model/SliceAxis.h"

namespace slicewise {

struct SliceRef {
  SliceAxis axis = SliceAxis::Axial;
  int64_t index = 0;
  auto operator<=>(const SliceRef&) const = default;
};

// What one edit changed: it drives saving (which bricks, marks and table to write) and redrawing
// (which region, which labels' surfaces and counts, which marks).
struct ChangeSet {
  std::vector<int64_t> bricks;  // ids in BrickGrid, ascending
  Index3 first{0, 0, 0};        // inclusive voxel box of the changed voxels (when any)
  Index3 last{-1, -1, -1};
  uint64_t voxelsChanged = 0;   // label or provenance (summed by merge(): an upper bound then)
  std::vector<Label> labels;    // ids that gained or lost voxels, ascending (0 included)
  std::vector<SliceRef> marks;  // ascending
  bool labelTable = false;

  bool empty() const { return voxelsChanged == 0 && marks.empty() && !labelTable; }
  bool hasVoxels() const { return voxelsChanged > 0; }
  // Whether a slice of the volume holds changed voxels (by the box; a cheap test for views).
  bool touchesSlice(int normalDim, int64_t index) const {
    return hasVoxels() && index >= first[size_t(normalDim)] && index <= last[size_t(normalDim)];
  }
  void merge(const ChangeSet& other);
};

}  // namespace slicewise
