#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/SliceSelector.h"

namespace slicewise::cli {

// Every selector the CLI offers by name (core ones, and perceptual when ml is linked).
// Throws CliFailure naming the valid choices for an unknown name.
std::unique_ptr<SliceSelector> selectorByName(const std::string& name);
std::vector<std::string> selectorNames();

}  // namespace slicewise::cli
