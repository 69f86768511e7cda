#include "SelectorChoice.h"

#include <cstdlib>

#include "CommandRegistry.h"
#include "NonFiniteWarningSelector.h"
#include "mlloader/MlModule.h"
#include "select/SelectorFactory.h"

namespace slicewise::cli {

std::vector<std::string> selectorNames() {
  auto names = coreSelectorNames();
  names.push_back("perceptual");
  return names;
}

std::string perceptualNetworkFile(const std::string& given) {
  if (!given.empty()) return given;
  const char* env = std::getenv("SLICEWISE_PERCEPTUAL_NETWORK");
  return env ? env : "";
}

std::unique_ptr<SliceSelector> uncheckedSelectorByName(const std::string& name, const std::string& perceptualNetwork) {
  if (auto s = makeCoreSelector(name)) return s;
  if (name == "perceptual") {
    std::string error;
    const MlModule* module = MlModule::instance(&error);
    if (!module) throw CliFailure("the perceptual selector needs LibTorch: " + error);
    if (auto s = module->createSelector(name, perceptualNetworkFile(perceptualNetwork))) return s;
    throw CliFailure("the network module could not create the perceptual selector");
  }
  std::string valid;
  for (const auto& n : selectorNames()) valid += (valid.empty() ? "" : ", ") + n;
  throw CliFailure("unknown selector '" + name + "' (choose from " + valid + ")");
}

std::unique_ptr<SliceSelector> selectorByName(const std::string& name, const std::string& perceptualNetwork) {
  return std::make_unique<NonFiniteWarningSelector>(uncheckedSelectorByName(name, perceptualNetwork));
}

}  // namespace slicewise::cli
