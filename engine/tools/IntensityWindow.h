#pragma once

#include "model/EditTypes.h"
#include "model/Volume.h"

namespace slicewise {

// An intensity range [low, high] of the image, inclusive: the threshold brush paints only voxels
// inside it and the fill spreads only through them. NaN voxels are never inside.
struct IntensityWindow {
  double low = 0, high = 0;

  bool contains(double value) const { return value >= low && value <= high; }
  // The voxels of `voxels` whose image value lies inside, in the same order.
  VoxelList filter(const VoxelList& voxels, const Volume& image) const;
};

}  // namespace slicewise
