#pragma once

#include "model/LabelVolume.h"

namespace slicewise {

// Two grids closer than this (mm, at every corner) are the same grid: NIfTI stores float32.
inline constexpr double kGridToleranceMm = 1e-4;

// Nearest-neighbour resampling of a label map onto another grid through patient coordinates;
// voxels outside the source are background.
LabelVolume resampleNearest(const LabelVolume& source, const ImageGeometry& target);

}  // namespace slicewise
