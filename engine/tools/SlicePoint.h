#pragma once

#include <cstdint>

#include "model/SliceAxis.h"

namespace slicewise {

// A position on one slice in continuous plane coordinates: u and v in voxels along the plane's
// u and v dimensions (the centre of pixel (u, v) is at (u, v)).
struct SlicePoint {
  double u = 0, v = 0;
};

// Which slice a tool works on.
struct SliceLocation {
  SliceAxis axis = SliceAxis::Axial;
  int64_t index = 0;
};

}  // namespace slicewise
