#pragma once

#include "model/EditTypes.h"
#include "model/ImageGeometry.h"
#include "tools/SlicePoint.h"

namespace slicewise {

// A round brush sized in millimetres, so it paints the same anatomy on anisotropic voxels and on
// any axis: a disc on the slice plane, or a ball reaching into the neighbouring slices. A stroke
// from one mouse position to the next paints the whole swept capsule, so a fast stroke leaves no
// gap. The brush always covers the pixels its path passes through, however small it is set.
class RoundBrush {
 public:
  enum class Shape { Disc, Sphere };
  explicit RoundBrush(double diameterMm = 5.0, Shape shape = Shape::Disc)
      : diameterMm_(diameterMm), shape_(shape) {}

  double diameterMm() const { return diameterMm_; }
  Shape shape() const { return shape_; }

  // Voxels (linear indices, ascending) within the brush swept from `from` to `to` on the slice.
  VoxelList stroke(const ImageGeometry& geometry, const SliceLocation& slice, SlicePoint from,
                   SlicePoint to) const;
  VoxelList stamp(const ImageGeometry& geometry, const SliceLocation& slice, SlicePoint at) const {
    return stroke(geometry, slice, at, at);
  }

 private:
  double diameterMm_;
  Shape shape_;
};

}  // namespace slicewise
