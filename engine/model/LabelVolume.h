#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "model/ImageGeometry.h"
#include "model/SliceAxis.h"

namespace slicewise {

using Label = uint16_t;

// The labels a person sees and exports: one uint16 per voxel, 0 = background.
class LabelVolume {
 public:
  LabelVolume() = default;
  explicit LabelVolume(ImageGeometry geometry);  // all background
  // Throws std::invalid_argument when the buffer does not match the geometry.
  LabelVolume(ImageGeometry geometry, std::vector<Label> labels);

  const ImageGeometry& geometry() const { return geometry_; }
  bool empty() const { return labels_.empty(); }
  size_t voxelCount() const { return labels_.size(); }

  Label at(int64_t i, int64_t j, int64_t k) const { return labels_[geometry_.linearIndex(i, j, k)]; }
  void set(int64_t i, int64_t j, int64_t k, Label v) { labels_[geometry_.linearIndex(i, j, k)] = v; }
  const std::vector<Label>& data() const { return labels_; }
  std::vector<Label>& data() { return labels_; }

  // Voxel count of every non-zero label present.
  std::map<Label, uint64_t> labelCounts() const;

  std::vector<Label> slice(const SlicePlane& plane, int64_t index) const;
  void setSlice(const SlicePlane& plane, int64_t index, const std::vector<Label>& pixels);
  bool sliceIsEmpty(const SlicePlane& plane, int64_t index) const;

 private:
  ImageGeometry geometry_;
  std::vector<Label> labels_;
};

}  // namespace slicewise
