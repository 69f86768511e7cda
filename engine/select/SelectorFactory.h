#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "select/SliceSelector.h"

namespace slicewise {

// The selectors of this library by name ("keep_n", ...); nullptr for an unknown name.
// Selectors needing LibTorch (perceptual) are made by the ml library.
std::unique_ptr<SliceSelector> makeCoreSelector(std::string_view name);
std::vector<std::string> coreSelectorNames();

}  // namespace slicewise
