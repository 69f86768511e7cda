#pragma once

#include <memory>
#include <string>
#include <vector>

#include "select/SliceSelector.h"

namespace slicewise::cli {

// Every selector the CLI offers by name (the select library's, and perceptual from the network module).
// Throws CliFailure naming the valid choices for an unknown name. The selector warns once when
// it meets NaN or infinite voxels (NonFiniteWarningSelector).
std::unique_ptr<SliceSelector> selectorByName(const std::string& name);
// Without that check, for benchmarks that time the selector alone.
std::unique_ptr<SliceSelector> uncheckedSelectorByName(const std::string& name);
std::vector<std::string> selectorNames();

}  // namespace slicewise::cli
