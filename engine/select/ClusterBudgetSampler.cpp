#include "select/ClusterBudgetSampler.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

#include "select/KMeans.h"
#include "select/WorklistOrder.h"

namespace slicewise {

void requireSelectableCount(const SelectionRequest& request, int64_t sliceCount) {
  if (request.count < 1 || request.count > sliceCount)
    throw std::invalid_argument("cannot select " + std::to_string(request.count) + " of " +
                                std::to_string(sliceCount) + " slices");
}

int ClusterBudgetSampler::clusterCount(const SelectionRequest& request, int64_t sliceCount) {
  const int64_t k = request.clusters > 0 ? request.clusters : std::min<int64_t>(15, request.count);
  return int(std::clamp<int64_t>(k, 1, std::max<int64_t>(1, sliceCount)));
}

std::vector<int64_t> ClusterBudgetSampler::sample(const std::vector<int>& labels,
                                                  const Eigen::MatrixXd& clusterDistance,
                                                  int64_t budget, uint64_t seed) {
  const size_t k = size_t(clusterDistance.rows());
  if (budget < 0 || size_t(budget) > labels.size())
    throw std::invalid_argument("budget larger than the number of slices");
  std::mt19937_64 rng(seed);
  std::vector<std::vector<int64_t>> members(k);
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || size_t(labels[i]) >= k) throw std::invalid_argument("bad cluster label");
    members[size_t(labels[i])].push_back(int64_t(i));
  }
  for (auto& m : members) std::shuffle(m.begin(), m.end(), rng);

  std::vector<int64_t> quota(k, budget / int64_t(k));
  std::vector<size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  for (int64_t r = 0; r < budget % int64_t(k); ++r) ++quota[order[size_t(r)]];

  // Shares a cluster cannot give go to the most similar clusters with slices to spare.
  for (size_t c = 0; c < k; ++c) {
    int64_t deficit = quota[c] - int64_t(members[c].size());
    if (deficit <= 0) continue;
    quota[c] = int64_t(members[c].size());
    std::vector<size_t> nearest(k);
    std::iota(nearest.begin(), nearest.end(), 0);
    std::stable_sort(nearest.begin(), nearest.end(), [&](size_t a, size_t b) {
      return clusterDistance(Eigen::Index(c), Eigen::Index(a)) <
             clusterDistance(Eigen::Index(c), Eigen::Index(b));
    });
    for (size_t o : nearest) {
      if (o == c || deficit == 0) continue;
      const int64_t spare = int64_t(members[o].size()) - quota[o];
      const int64_t moved = std::min(spare, deficit);
      if (moved > 0) quota[o] += moved, deficit -= moved;
    }
  }
  std::vector<int64_t> chosen;
  chosen.reserve(size_t(budget));
  for (size_t c = 0; c < k; ++c)
    chosen.insert(chosen.end(), members[c].begin(), members[c].begin() + quota[c]);
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

std::vector<int64_t> ClusterBudgetSampler::selectByFeatures(const Eigen::MatrixXd& features,
                                                            const SelectionRequest& request) {
  const int64_t n = features.rows();
  requireSelectableCount(request, n);
  const KMeansResult clusters = KMeans::run(features, clusterCount(request, n), request.seed);
  // A seed of its own for the draw, so changing the number of restarts leaves it alone.
  const std::vector<int64_t> chosen =
      sample(clusters.labels, clusters.centroidDistances(), request.count,
             request.seed ^ 0x9e3779b97f4a7c15ull);
  return spreadOrder(chosen, n);
}

}  // namespace slicewise
