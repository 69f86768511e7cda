#pragma once

#include "select/SliceSelector.h"

namespace slicewise {

// k-means on per-slice 255-bin intensity histograms (bins spanning the volume's range, counts
// as fractions of the slice), then the cluster budget draw.
class HistogramSelector final : public SliceSelector {
 public:
  std::string name() const override { return "histogram"; }
  std::vector<int64_t> select(const Volume& volume, const SelectionRequest& request) const override;
};

}  // namespace slicewise
