#include "PredictorChoice.h"

#include "CommandRegistry.h"

namespace slicewise::cli {

std::vector<std::string> predictorNames() { return interpolationPredictorNames(); }

std::unique_ptr<SlicePredictor> predictorByName(const std::string& name) {
  if (auto p = makeInterpolationPredictor(name)) return p;
  std::string valid;
  for (const auto& n : predictorNames()) valid += (valid.empty() ? "" : ", ") + n;
  throw CliFailure("unknown predictor '" + name + "' (choose from " + valid + ")");
}

}  // namespace slicewise::cli
