#pragma once

#include <memory>
#include <string>
#include <vector>

#include "select/SliceSelector.h"

namespace slicewise::cli {

// Every selector the CLI offers by name (the select library's, and perceptual from the network module).
// Throws CliFailure naming the valid choices for an unknown name. `perceptualNetwork` is the
// perceptual selector's TorchScript feature network; empty: $SLICEWISE_PERCEPTUAL_NETWORK, the
// user's default, else the built-in network. The selector warns once when it meets NaN or
// infinite voxels (NonFiniteWarningSelector).
std::unique_ptr<SliceSelector> selectorByName(const std::string& name, const std::string& perceptualNetwork = {});
// Without that check, for benchmarks that time the selector alone.
std::unique_ptr<SliceSelector> uncheckedSelectorByName(const std::string& name,
                                                       const std::string& perceptualNetwork = {});
// The perceptual network a selector made from `given` uses ("" for the built-in one).
std::string perceptualNetworkFile(const std::string& given);
std::vector<std::string> selectorNames();

}  // namespace slicewise::cli
