#include "core/SelectorFactory.h"

#include "core/KeepNSelector.h"

namespace slicewise {

std::unique_ptr<SliceSelector> makeCoreSelector(std::string_view name) {
  if (name == "keep_n") return std::make_unique<KeepNSelector>();
  return nullptr;
}

std::vector<std::string> coreSelectorNames() { return {"keep_n"}; }

}  // namespace slicewise
