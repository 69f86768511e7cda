#pragma once

#include <cstdint>
#include <vector>

#include "model/LabelVolume.h"

namespace slicewise {

// An inclusive voxel box; empty when any last < first.
struct VoxelBox {
  Index3 first{0, 0, 0};
  Index3 last{-1, -1, -1};

  bool empty() const { return last[0] < first[0] || last[1] < first[1] || last[2] < first[2]; }
  void include(int64_t i, int64_t j, int64_t k);
  void unite(const VoxelBox& other);
  VoxelBox clippedTo(const Index3& size) const;
  int64_t voxelCount() const;
  static VoxelBox whole(const Index3& size) { return {{0, 0, 0}, {size[0] - 1, size[1] - 1, size[2] - 1}}; }
};

// One label copied out of the label volume as a 0/1 mask over its bounding box grown by one
// voxel on every side. The margin is background even where the box touches the volume's edge,
// so the surface extracted from the mask is closed there.
struct LabelMask {
  Label id = 0;
  Index3 origin{0, 0, 0};  // voxel index of mask element (0, 0, 0); may be -1
  Index3 size{0, 0, 0};
  std::vector<uint8_t> inside;

  bool empty() const { return inside.empty(); }
};

// Bounding boxes of the labels of a volume, found by scanning (part of) it.
class LabelBoxes {
 public:
  // Boxes of every label within `region` (the whole volume when empty).
  static std::vector<VoxelBox> scan(const LabelVolume& labels, const VoxelBox& region = {});
  // Copies one label's mask over `box` (the label's bounding box); empty box, empty mask.
  static LabelMask copyMask(const LabelVolume& labels, Label id, const VoxelBox& box);
};

}  // namespace slicewise
