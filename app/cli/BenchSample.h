#pragma once

#include <utility>

#include "model/LabelVolume.h"
#include "model/Volume.h"

namespace slicewise::cli {

// The built-in sample CT and its labels resampled (nearest neighbour) to 128 x 128 x 64 over the
// same field of view: the volume network benchmarks train on when given no image.
std::pair<Volume, LabelVolume> benchSampleCase();

}  // namespace slicewise::cli
