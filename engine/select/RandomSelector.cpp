#include "select/RandomSelector.h"

#include <numeric>
#include <random>

#include "select/ClusterBudgetSampler.h"
#include "select/WorklistOrder.h"

namespace slicewise {

std::vector<int64_t> RandomSelector::select(const Volume& volume, const SelectionRequest& request) const {
  const int64_t n = slicePlane(volume.geometry(), request.axis).count;
  requireSelectableCount(request, n);
  std::vector<int64_t> all(static_cast<size_t>(n));
  std::iota(all.begin(), all.end(), 0);
  std::mt19937_64 rng(request.seed);
  // A partial Fisher-Yates shuffle: the first `count` entries are the uniform sample.
  for (int64_t i = 0; i < request.count; ++i)
    std::swap(all[size_t(i)], all[size_t(std::uniform_int_distribution<int64_t>(i, n - 1)(rng))]);
  all.resize(size_t(request.count));
  return spreadOrder(all, n);
}

}  // namespace slicewise
