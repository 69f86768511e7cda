#pragma once

#include <string>
#include <utility>

#include "model/LabelVolume.h"
#include "model/Volume.h"

namespace slicewise::cli {

// The built-in sample CT and its labels resampled (nearest neighbour) to 128 x 128 x 64 over the
// same field of view: the volume network benchmarks train on when given no image.
std::pair<Volume, LabelVolume> benchSampleCase();

// What a volume benchmark trains on: the image and labels given (both or neither), else the sample
// case; `name` says which, with its size, for the table's heading.
struct BenchCase {
  Volume image;
  LabelVolume labels;
  std::string name;
};
BenchCase loadBenchCase(const std::string& image, const std::string& labels);

}  // namespace slicewise::cli
