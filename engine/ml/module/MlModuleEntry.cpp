// The C entry points of libslicewise_mlmodule.so, loaded on demand by mlloader's MlModule.
#include <exception>

#include "mlloader/MlModule.h"
#include "ml/PerceptualSelector.h"

#define SLICEWISE_EXPORT extern "C" __attribute__((visibility("default")))

SLICEWISE_EXPORT int slicewise_ml_module_abi() { return slicewise::MlModule::kAbiVersion; }

SLICEWISE_EXPORT slicewise::SliceSelector* slicewise_ml_create_selector(const char* name) {
  try {
    if (std::string_view(name) == "perceptual") return new slicewise::PerceptualSelector();
  } catch (const std::exception&) {
  }
  return nullptr;
}
