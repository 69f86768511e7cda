#pragma once

#include <vector>

#include "model/EditTypes.h"
#include "model/ImageGeometry.h"
#include "tools/SlicePoint.h"

namespace slicewise {

// The pixels of a slice whose centres lie inside a closed polygon (even-odd rule, so a
// self-crossing outline leaves its doubly enclosed parts out, as drawing programs do).
class PolygonFill {
 public:
  static VoxelList fill(const ImageGeometry& geometry, const SliceLocation& slice,
                        const std::vector<SlicePoint>& vertices);
};

}  // namespace slicewise
