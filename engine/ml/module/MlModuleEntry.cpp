// The C entry points of libslicewise_mlmodule.so, loaded on demand by mlloader's MlModule.
// Configuration arrives as typed arguments (never through the environment).
#include <cstdio>
#include <exception>
#include <string_view>

#include "ml/EnsemblePredictor.h"
#include "ml/PerceptualSelector.h"
#include "ml/UNetPredictor.h"
#include "mlloader/MlModule.h"

#define SLICEWISE_EXPORT extern "C" __attribute__((visibility("default")))

SLICEWISE_EXPORT int slicewise_ml_module_abi() { return slicewise::MlModule::kAbiVersion; }

SLICEWISE_EXPORT slicewise::SliceSelector* slicewise_ml_create_selector(const char* name, const char* networkFile) {
  try {
    if (std::string_view(name) == "perceptual")
      return new slicewise::PerceptualSelector(networkFile ? networkFile : "");
  } catch (const std::exception&) {
  }
  return nullptr;
}

SLICEWISE_EXPORT slicewise::SlicePredictor* slicewise_ml_create_predictor(
    const char* name, const slicewise::UNetParameters* parameters, const slicewise::EnsembleParameters* ensemble,
    char* error, unsigned long errorSize) {
  try {
    if (std::string_view(name) == "ensemble" && parameters && ensemble)
      return new slicewise::EnsemblePredictor(*ensemble, *parameters);
    if (const auto architecture = slicewise::parseArchitecture(name); architecture && parameters) {
      slicewise::UNetParameters p = *parameters;
      p.architecture = *architecture;
      return new slicewise::UNetPredictor(p);
    }
    std::snprintf(error, errorSize, "the network module has no predictor '%s'", name);
  } catch (const std::exception& e) {
    std::snprintf(error, errorSize, "%s", e.what());
  }
  return nullptr;
}
