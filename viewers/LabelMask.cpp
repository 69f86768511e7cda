#include "viewers/LabelMask.h"

#include <algorithm>
#include <cstring>

namespace slicewise {

void VoxelBox::include(int64_t i, int64_t j, int64_t k) {
  if (empty()) {
    first = last = {i, j, k};
    return;
  }
  first = {std::min(first[0], i), std::min(first[1], j), std::min(first[2], k)};
  last = {std::max(last[0], i), std::max(last[1], j), std::max(last[2], k)};
}

void VoxelBox::unite(const VoxelBox& other) {
  if (other.empty()) return;
  if (empty()) {
    *this = other;
    return;
  }
  include(other.first[0], other.first[1], other.first[2]);
  include(other.last[0], other.last[1], other.last[2]);
}

VoxelBox VoxelBox::clippedTo(const Index3& size) const {
  VoxelBox b;
  for (size_t d = 0; d < 3; ++d) {
    b.first[d] = std::max<int64_t>(first[d], 0);
    b.last[d] = std::min<int64_t>(last[d], size[d] - 1);
  }
  return b;
}

int64_t VoxelBox::voxelCount() const {
  if (empty()) return 0;
  return (last[0] - first[0] + 1) * (last[1] - first[1] + 1) * (last[2] - first[2] + 1);
}

std::vector<VoxelBox> LabelBoxes::scan(const LabelVolume& labels, const VoxelBox& region) {
  const ImageGeometry& g = labels.geometry();
  const VoxelBox r = (region.empty() ? VoxelBox::whole(g.size) : region).clippedTo(g.size);
  std::vector<VoxelBox> boxes(65536);
  if (r.empty()) return boxes;
  const Label* data = labels.data().data();
  for (int64_t k = r.first[2]; k <= r.last[2]; ++k)
    for (int64_t j = r.first[1]; j <= r.last[1]; ++j) {
      const Label* row = data + g.linearIndex(0, j, k);
      int64_t i = r.first[0];
      while (i <= r.last[0]) {
        // Background dominates: skip it four voxels at a time.
        uint64_t four = 0;
        while (i + 3 <= r.last[0] && (std::memcpy(&four, row + i, sizeof four), four == 0)) i += 4;
        if (i > r.last[0]) break;
        const Label l = row[i];
        if (l == 0) {
          ++i;
          continue;
        }
        // Runs of one label are the common case: extend the box once per run.
        int64_t end = i;
        while (end < r.last[0] && row[end + 1] == l) ++end;
        VoxelBox& b = boxes[l];
        b.include(i, j, k);
        b.include(end, j, k);
        i = end + 1;
      }
    }
  return boxes;
}

LabelMask LabelBoxes::copyMask(const LabelVolume& labels, Label id, const VoxelBox& box) {
  LabelMask mask;
  mask.id = id;
  if (box.empty()) return mask;
  const ImageGeometry& g = labels.geometry();
  for (size_t d = 0; d < 3; ++d) {
    mask.origin[d] = box.first[d] - 1;
    mask.size[d] = box.last[d] - box.first[d] + 3;
  }
  mask.inside.assign(size_t(mask.size[0] * mask.size[1] * mask.size[2]), 0);
  const Label* data = labels.data().data();
  for (int64_t k = box.first[2]; k <= box.last[2]; ++k)
    for (int64_t j = box.first[1]; j <= box.last[1]; ++j) {
      const Label* row = data + g.linearIndex(0, j, k);
      uint8_t* out = mask.inside.data() +
                     ((k - mask.origin[2]) * mask.size[1] + (j - mask.origin[1])) * mask.size[0] +
                     (box.first[0] - mask.origin[0]);
      for (int64_t i = box.first[0]; i <= box.last[0]; ++i) *out++ = row[i] == id ? 1 : 0;
    }
  return mask;
}

}  // namespace slicewise
