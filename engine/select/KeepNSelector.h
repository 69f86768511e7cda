#pragma once

#include "select/SliceSelector.h"

namespace slicewise {

// Every n-th slice (the paper's recommendation), exactly k of n slices, centred:
// index_i = ((2i + 1) * n) div (2k), i = 0..k-1. Returned in worklist order.
class KeepNSelector final : public SliceSelector {
 public:
  std::string name() const override { return "keep_n"; }
  std::vector<int64_t> select(const Volume& volume, const SelectionRequest& request) const override;

  // The formula alone, ascending.
  static std::vector<int64_t> evenlySpaced(int64_t sliceCount, int64_t k);
};

}  // namespace slicewise
