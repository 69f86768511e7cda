#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jobs/EnsembleParameters.h"
#include "jobs/UNetParameters.h"
#include "predict/SlicePredictor.h"

namespace slicewise::cli {

// Every predictor the CLI offers by name: the interpolators of the predict library, and the
// networks of the ml module ("unet", "deeplab", "manet", trained with `network`) and its
// "ensemble" (of `ensemble`'s members). Throws CliFailure naming the valid choices, or why the
// network module cannot serve.
std::unique_ptr<SlicePredictor> predictorByName(const std::string& name);
std::unique_ptr<SlicePredictor> predictorByName(const std::string& name, const UNetParameters& network,
                                                const EnsembleParameters& ensemble = {});
std::vector<std::string> predictorNames();

}  // namespace slicewise::cli
