#include "core/WorklistOrder.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace slicewise {

std::vector<int64_t> spreadOrder(std::vector<int64_t> slices, int64_t sliceCount) {
  std::sort(slices.begin(), slices.end());
  slices.erase(std::unique(slices.begin(), slices.end()), slices.end());
  std::vector<bool> used(slices.size(), false);
  std::set<int64_t> placed;
  std::vector<int64_t> order;
  order.reserve(slices.size());
  const int64_t last = std::max<int64_t>(sliceCount - 1, 0);
  while (order.size() < slices.size()) {
    // Gaps between consecutive placed slices; the volume's ends bound the outer gaps.
    std::vector<int64_t> bounds{0};
    bounds.insert(bounds.end(), placed.begin(), placed.end());
    bounds.push_back(last);
    int64_t bestLen = -1;
    size_t best = 0;
    for (size_t g = 0; g + 1 < bounds.size(); ++g) {
      const int64_t lo = bounds[g], hi = bounds[g + 1];
      const double mid = 0.5 * double(lo + hi);
      // Among unused slices inside this gap, the one nearest the middle.
      size_t pick = slices.size();
      double pickDist = 0;
      auto it = std::lower_bound(slices.begin(), slices.end(), lo);
      for (; it != slices.end() && *it <= hi; ++it) {
        const size_t i = size_t(it - slices.begin());
        if (used[i]) continue;
        const double d = std::abs(double(*it) - mid);
        if (pick == slices.size() || d < pickDist) pick = i, pickDist = d;
      }
      if (pick != slices.size() && hi - lo > bestLen) bestLen = hi - lo, best = pick;
    }
    used[best] = true;
    placed.insert(slices[best]);
    order.push_back(slices[best]);
  }
  return order;
}

}  // namespace slicewise
