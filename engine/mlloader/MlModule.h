#pragma once

#include <memory>
#include <string>

#include "select/SliceSelector.h"

namespace slicewise {

// The LibTorch-backed parts (perceptual selector, networks) live in a module loaded on first
// use: LibTorch's ~270 shared libraries add about 1.5 s to every process start, which the CLI
// and the app should pay only when a network is actually needed.
class MlModule {
 public:
  // The loaded module, or nullptr with *error saying why (not built, not found, wrong ABI).
  // Looks in $SLICEWISE_ML_MODULE, beside the executable, then in ../lib/slicewise (the build
  // tree has the installed layout).
  static const MlModule* instance(std::string* error = nullptr);

  // A selector the module provides ("perceptual"), or nullptr when it has none by that name.
  std::unique_ptr<SliceSelector> createSelector(const std::string& name) const;
  const std::string& path() const { return path_; }

  static constexpr int kAbiVersion = 1;
  // The perceptual selector's TorchScript feature network file; its callers set it before
  // createSelector("perceptual") since the C entry point takes only a name.
  static constexpr const char* kPerceptualNetworkVariable = "SLICEWISE_PERCEPTUAL_NETWORK";

 private:
  using CreateSelector = SliceSelector* (*)(const char*);
  std::string path_;
  CreateSelector createSelector_ = nullptr;
};

}  // namespace slicewise
