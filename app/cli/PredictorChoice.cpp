#include "PredictorChoice.h"

#include "CommandRegistry.h"
#include "mlloader/MlModule.h"

namespace slicewise::cli {

std::vector<std::string> predictorNames() {
  auto names = interpolationPredictorNames();
  for (const auto& n : MlModule::predictorNames()) names.push_back(n);
  return names;
}

std::unique_ptr<SlicePredictor> predictorByName(const std::string& name) {
  return predictorByName(name, UNetParameters{});
}

std::unique_ptr<SlicePredictor> predictorByName(const std::string& name, const UNetParameters& network,
                                                const EnsembleParameters& ensemble) {
  if (auto p = makeInterpolationPredictor(name)) return p;
  for (const auto& n : MlModule::predictorNames()) {
    if (n != name) continue;
    std::string error;
    const MlModule* module = MlModule::instance(&error);
    if (!module) throw CliFailure("the " + name + " predictor needs LibTorch: " + error);
    if (auto p = module->createPredictor(name, network, ensemble, &error)) return p;
    throw CliFailure(error);
  }
  std::string valid;
  for (const auto& n : predictorNames()) valid += (valid.empty() ? "" : ", ") + n;
  throw CliFailure("unknown predictor '" + name + "' (choose from " + valid + ")");
}

}  // namespace slicewise::cli
