#pragma once

#include <cstdint>
#include <string>

#include "model/Volume.h"

namespace slicewise {

// Float images may hold NaN and infinite voxels (a failed division in another tool, a masked
// region). One rule everywhere: value ranges leave them out (valueRange), and comparisons of
// slices (k-means, SSIM, perceptual) see a NaN or -inf voxel as the lowest finite value of the
// image and +inf as the highest, so one bad voxel changes one pixel instead of every distance.
struct FiniteSummary {
  double lo = 0, hi = 0;  // range of the finite voxels; {0, 0} when there are none
  uint64_t nan = 0, infinite = 0;
  bool clean() const { return nan == 0 && infinite == 0; }
};

// One parallel pass; integer volumes are always clean.
FiniteSummary finiteSummary(const Volume& volume);

// One line for a person, "" when the volume is clean: "the image holds 1 NaN voxel(s): ...".
std::string nonFiniteNote(const FiniteSummary& summary);

}  // namespace slicewise
