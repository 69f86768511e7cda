#pragma once

#include "model/EditTypes.h"
#include "model/Volume.h"
#include "tools/IntensityWindow.h"
#include "tools/SlicePoint.h"

namespace slicewise {

// 2D region growing on one slice: the pixels 4-connected to the seed whose intensity lies in the
// window (empty when the seed's own intensity does not).
class FloodFill {
 public:
  static VoxelList fill(const Volume& image, const SliceLocation& slice, int64_t seedU, int64_t seedV,
                        const IntensityWindow& window);
};

}  // namespace slicewise
