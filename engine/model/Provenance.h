#pragma once

#include <cstdint>
#include <vector>

#include "model/ImageGeometry.h"

namespace slicewise {

// Who decided a voxel's label. Nothing automatic ever changes a Drawn or Accepted voxel.
enum class VoxelOrigin : uint8_t { None = 0, Drawn = 1, Accepted = 2 };

class ProvenanceVolume {
 public:
  ProvenanceVolume() = default;
  explicit ProvenanceVolume(const ImageGeometry& geometry);

  const ImageGeometry& geometry() const { return geometry_; }
  VoxelOrigin at(size_t linear) const { return VoxelOrigin(origin_[linear]); }
  void set(size_t linear, VoxelOrigin o) { origin_[linear] = uint8_t(o); }
  bool isProtected(size_t linear) const { return origin_[linear] != uint8_t(VoxelOrigin::None); }
  const std::vector<uint8_t>& data() const { return origin_; }
  std::vector<uint8_t>& data() { return origin_; }
  size_t count(VoxelOrigin o) const;

 private:
  ImageGeometry geometry_;
  std::vector<uint8_t> origin_;
};

}  // namespace slicewise
