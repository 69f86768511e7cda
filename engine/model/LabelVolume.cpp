#include "model/LabelVolume.h"

#include <array>
#include <stdexcept>
#include <string>

#include "model/SliceAccess.h"

namespace slicewise {

LabelVolume::LabelVolume(ImageGeometry geometry)
    : geometry_(geometry), labels_(geometry.voxelCount(), Label(0)) {}

LabelVolume::LabelVolume(ImageGeometry geometry, std::vector<Label> labels)
    : geometry_(geometry), labels_(std::move(labels)) {
  if (labels_.size() != geometry_.voxelCount())
    throw std::invalid_argument("label buffer holds " + std::to_string(labels_.size()) +
                                " voxels, geometry " + std::to_string(geometry_.voxelCount()));
}

std::map<Label, uint64_t> LabelVolume::labelCounts() const {
  std::vector<uint64_t> counts(65536, 0);
  for (Label l : labels_) ++counts[l];
  std::map<Label, uint64_t> out;
  for (size_t l = 1; l < counts.size(); ++l)
    if (counts[l]) out[Label(l)] = counts[l];
  return out;
}

std::vector<Label> LabelVolume::slice(const SlicePlane& plane, int64_t index) const {
  return extractSlice(labels_, geometry_, plane, index);
}

void LabelVolume::setSlice(const SlicePlane& plane, int64_t index, const std::vector<Label>& pixels) {
  if (pixels.size() != plane.pixelCount())
    throw std::invalid_argument("slice buffer size does not match the slice plane");
  insertSlice(labels_.data(), geometry_, plane, index, pixels.data());
}

bool LabelVolume::sliceIsEmpty(const SlicePlane& plane, int64_t index) const {
  for (Label l : slice(plane, index))
    if (l) return false;
  return true;
}

}  // namespace slicewise
