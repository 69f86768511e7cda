#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "select/SliceSelector.h"

namespace slicewise {

// The paper's way of turning clusters into a slice budget: the budget is split evenly over the
// clusters (the remainder to clusters drawn at random), each cluster gives that many of its
// slices drawn at random, and a cluster too small for its share passes the rest to its most
// similar cluster that still has slices to give. Exactly `budget` distinct slices, deterministic
// for a seed.
class ClusterBudgetSampler {
 public:
  // labels: cluster 0..k-1 per slice; clusterDistance: k x k, smaller = more alike.
  static std::vector<int64_t> sample(const std::vector<int>& labels,
                                     const Eigen::MatrixXd& clusterDistance, int64_t budget,
                                     uint64_t seed);

  // Clusters `count` (min(15, count) unless the request says) from rows of `features` (one row
  // per slice) by k-means, samples the budget and returns it in worklist order.
  static std::vector<int64_t> selectByFeatures(const Eigen::MatrixXd& features,
                                               const SelectionRequest& request);

  // The number of clusters a request asks for, at most `sliceCount`.
  static int clusterCount(const SelectionRequest& request, int64_t sliceCount);
};

// Throws std::invalid_argument unless 1 <= count <= sliceCount.
void requireSelectableCount(const SelectionRequest& request, int64_t sliceCount);

}  // namespace slicewise
