#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jobs/EnsembleParameters.h"
#include "jobs/UNetParameters.h"
#include "predict/SlicePredictor.h"
#include "select/SliceSelector.h"

namespace slicewise {

// The LibTorch-backed parts (perceptual selector, networks) live in a module loaded on first
// use: LibTorch's ~270 shared libraries add about 1.5 s to every process start, which the CLI
// and the app should pay only when a network is actually needed.
//
// The module's C entry points (engine/ml/module/MlModuleEntry.cpp) take their configuration as
// typed arguments; kAbiVersion changes whenever they or the types they take change.
class MlModule {
 public:
  // The loaded module, or nullptr with *error saying why (not built, not found, wrong ABI).
  // Looks in $SLICEWISE_ML_MODULE, beside the executable, then in ../lib/slicewise (the build
  // tree has the installed layout).
  static const MlModule* instance(std::string* error = nullptr);

  // A selector the module provides ("perceptual", with its TorchScript feature network file or
  // "" for the built-in network), or nullptr when it has none by that name.
  std::unique_ptr<SliceSelector> createSelector(const std::string& name,
                                                const std::string& networkFile = {}) const;
  // A network predictor ("unet", "deeplab", "manet": the name sets the parameters'
  // architecture) trained with `parameters`, or the "ensemble" of `ensemble`'s members (its
  // network trained with `parameters`); nullptr with *error saying why.
  std::unique_ptr<SlicePredictor> createPredictor(const std::string& name, const UNetParameters& parameters,
                                                  const EnsembleParameters& ensemble = {},
                                                  std::string* error = nullptr) const;
  static std::vector<std::string> predictorNames() { return {"unet", "deeplab", "manet", "ensemble"}; }
  const std::string& path() const { return path_; }

  static constexpr int kAbiVersion = 4;

 private:
  using CreateSelector = SliceSelector* (*)(const char* name, const char* networkFile);
  using CreatePredictor = SlicePredictor* (*)(const char* name, const UNetParameters* parameters,
                                              const EnsembleParameters* ensemble, char* error,
                                              unsigned long errorSize);
  std::string path_;
  CreateSelector createSelector_ = nullptr;
  CreatePredictor createPredictor_ = nullptr;
};

}  // namespace slicewise
