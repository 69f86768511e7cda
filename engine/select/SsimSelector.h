#pragma once

#include "select/SliceSelector.h"

namespace slicewise {

// SSIM between all slice pairs (SsimMatrix); each slice is described by its row of
// dissimilarities 1 - SSIM, those rows are clustered by k-means, then the cluster budget draw.
class SsimSelector final : public SliceSelector {
 public:
  std::string name() const override { return "ssim"; }
  std::vector<int64_t> select(const Volume& volume, const SelectionRequest& request) const override;
};

}  // namespace slicewise
