#include "tools/LabelPicker.h"

#include <cmath>

namespace slicewise {

std::optional<Label> LabelPicker::pick(const LabelVolume& labels, const SliceLocation& slice, SlicePoint at) {
  const SlicePlane p = slicePlane(labels.geometry(), slice.axis);
  const int64_t u = int64_t(std::lround(at.u)), v = int64_t(std::lround(at.v));
  if (slice.index < 0 || slice.index >= p.count || u < 0 || v < 0 || u >= p.width || v >= p.height)
    return std::nullopt;
  const Index3 idx = p.voxel(slice.index, u, v);
  return labels.at(idx[0], idx[1], idx[2]);
}

}  // namespace slicewise
