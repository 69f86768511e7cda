#pragma once

#include <memory>
#include <string>
#include <vector>

#include "predict/SlicePredictor.h"

namespace slicewise::cli {

// Every predictor the CLI offers by name (the interpolators of the predict library; networks join here
// when the ml library provides them). Throws CliFailure naming the valid choices.
std::unique_ptr<SlicePredictor> predictorByName(const std::string& name);
std::vector<std::string> predictorNames();

}  // namespace slicewise::cli
