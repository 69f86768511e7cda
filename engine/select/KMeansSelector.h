#pragma once

#include "select/SliceSelector.h"

namespace slicewise {

// k-means on the slices flattened to vectors (scaled by the data range), then the cluster budget
// draw. Runs k-means on distance-preserving coordinates of the slices (see KMeans.h): the same
// clustering as on the raw pixels at a fraction of the cost.
class KMeansSelector final : public SliceSelector {
 public:
  std::string name() const override { return "kmeans"; }
  std::vector<int64_t> select(const Volume& volume, const SelectionRequest& request) const override;
};

}  // namespace slicewise
