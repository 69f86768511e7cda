#pragma once

#include "select/SliceSelector.h"

namespace slicewise {

// A uniform sample of the budget (the paper's baseline), in worklist order.
class RandomSelector final : public SliceSelector {
 public:
  std::string name() const override { return "random"; }
  std::vector<int64_t> select(const Volume& volume, const SelectionRequest& request) const override;
};

}  // namespace slicewise
