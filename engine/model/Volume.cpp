#include "model/Volume.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "model/SliceAccess.h"

namespace slicewise {

Volume::Volume(ImageGeometry geometry, Storage voxels)
    : geometry_(geometry), voxels_(std::move(voxels)) {
  const size_t n = std::visit([](const auto& v) { return v.size(); }, voxels_);
  if (n != geometry_.voxelCount())
    throw std::invalid_argument("image buffer holds " + std::to_string(n) + " voxels, geometry " +
                                std::to_string(geometry_.voxelCount()));
}

PixelType Volume::pixelType() const {
  switch (voxels_.index()) {
    case 0: return PixelType::UInt8;
    case 1: return PixelType::Int16;
    case 2: return PixelType::UInt16;
    default: return PixelType::Float32;
  }
}

double Volume::valueAt(int64_t i, int64_t j, int64_t k) const {
  const size_t idx = geometry_.linearIndex(i, j, k);
  return std::visit([idx](const auto& v) { return double(v[idx]); }, voxels_);
}

std::vector<float> Volume::sliceAsFloat(const SlicePlane& plane, int64_t slice) const {
  std::vector<float> out(plane.pixelCount());
  std::visit([&](const auto& v) { extractSlice(v.data(), geometry_, plane, slice, out.data()); },
             voxels_);
  return out;
}

std::vector<float> Volume::sliceAsFloat(SliceAxis axis, int64_t slice) const {
  return sliceAsFloat(slicePlane(geometry_, axis), slice);
}

}  // namespace slicewise
