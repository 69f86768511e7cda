#pragma once

#include <cstdint>
#include <utility>
#include <variant>
#include <vector>

#include "model/ImageGeometry.h"
#include "model/PixelType.h"
#include "model/SliceAxis.h"

namespace slicewise {

// A scalar image kept in its scanner pixel type (a 512x512x1000 CT stays 512 MB of int16).
class Volume {
 public:
  using Storage = std::variant<std::vector<uint8_t>, std::vector<int16_t>, std::vector<uint16_t>,
                               std::vector<float>>;

  Volume() = default;
  // Throws std::invalid_argument when the buffer does not match the geometry.
  Volume(ImageGeometry geometry, Storage voxels);

  const ImageGeometry& geometry() const { return geometry_; }
  PixelType pixelType() const;
  bool empty() const { return geometry_.voxelCount() == 0; }
  const Storage& storage() const { return voxels_; }
  Storage& storage() { return voxels_; }

  double valueAt(int64_t i, int64_t j, int64_t k) const;

  // One slice as float, u fastest (see SlicePlane).
  std::vector<float> sliceAsFloat(const SlicePlane& plane, int64_t slice) const;
  std::vector<float> sliceAsFloat(SliceAxis axis, int64_t slice) const;

  template <class F>
  decltype(auto) visit(F&& f) const {
    return std::visit(std::forward<F>(f), voxels_);
  }

 private:
  ImageGeometry geometry_;
  Storage voxels_;
};

}  // namespace slicewise
