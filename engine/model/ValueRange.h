#pragma once

#include <utility>

#include "model/Volume.h"

namespace slicewise {

// {min, max} of the volume's voxels, in parallel ({0, 0} when empty). NaN voxels are left out
// (an all-NaN volume gives {0, 0}), so one NaN cannot make every window, histogram or scale NaN.
std::pair<double, double> valueRange(const Volume& volume);
// max - min of the volume's voxels, 1 for a constant volume: the scale comparisons work in.
double dataRange(const Volume& volume);

}  // namespace slicewise
