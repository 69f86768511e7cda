#include "SelectorChoice.h"

#include "CommandRegistry.h"
#include "core/SelectorFactory.h"

namespace slicewise::cli {

std::vector<std::string> selectorNames() { return coreSelectorNames(); }

std::unique_ptr<SliceSelector> selectorByName(const std::string& name) {
  if (auto s = makeCoreSelector(name)) return s;
  std::string valid;
  for (const auto& n : selectorNames()) valid += (valid.empty() ? "" : ", ") + n;
  throw CliFailure("unknown selector '" + name + "' (choose from " + valid + ")");
}

}  // namespace slicewise::cli
