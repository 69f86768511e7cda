#include "select/WorklistOrder.h"

#include <algorithm>
#include <queue>
#include <set>
#include <tuple>

namespace slicewise {

namespace {

std::vector<int64_t> sortedUnique(std::vector<int64_t> slices) {
  std::sort(slices.begin(), slices.end());
  slices.erase(std::unique(slices.begin(), slices.end()), slices.end());
  return slices;
}

}  // namespace

std::vector<int64_t> largestGapOrder(std::vector<int64_t> slices, int64_t sliceCount) {
  slices = sortedUnique(std::move(slices));
  const int64_t last = std::max<int64_t>({sliceCount - 1, 0, slices.empty() ? 0 : slices.back()});
  // A gap [lo, hi] between placed slices (or the volume's ends) still holding the chosen slices
  // slices[first, end). Larger gaps first, then the one nearer slice 0.
  struct Gap {
    int64_t lo, hi;
    size_t first, end;
    bool operator<(const Gap& o) const {
      return hi - lo != o.hi - o.lo ? hi - lo < o.hi - o.lo : lo > o.lo;
    }
  };
  std::priority_queue<Gap> gaps;
  if (!slices.empty()) gaps.push({0, last, 0, slices.size()});
  std::vector<int64_t> order;
  order.reserve(slices.size());
  while (!gaps.empty()) {
    const Gap g = gaps.top();
    gaps.pop();
    // The chosen slice nearest the gap's middle (the lower one on a tie).
    const double mid = 0.5 * double(g.lo + g.hi);
    auto begin = slices.begin() + std::ptrdiff_t(g.first), end = slices.begin() + std::ptrdiff_t(g.end);
    auto it = std::lower_bound(begin, end, mid, [](int64_t s, double m) { return double(s) < m; });
    if (it == end || (it != begin && mid - double(*(it - 1)) <= double(*it) - mid)) --it;
    const size_t pick = size_t(it - slices.begin());
    order.push_back(slices[pick]);
    if (pick > g.first) gaps.push({g.lo, slices[pick], g.first, pick});
    if (pick + 1 < g.end) gaps.push({slices[pick], g.hi, pick + 1, g.end});
  }
  return order;
}

std::vector<int64_t> spreadOrder(std::vector<int64_t> slices, int64_t sliceCount) {
  slices = sortedUnique(std::move(slices));
  const size_t k = slices.size();
  if (k <= 1) return slices;
  const int64_t last = std::max<int64_t>(sliceCount - 1, slices.back());

  // Rank of each slice in the largest-gap order: the later, the sooner it is removed on a tie.
  std::vector<size_t> rank(k);
  {
    const std::vector<int64_t> plain = largestGapOrder(slices, sliceCount);
    for (size_t r = 0; r < k; ++r)
      rank[size_t(std::lower_bound(slices.begin(), slices.end(), plain[r]) - slices.begin())] = r;
  }

  // Doubly linked list over the remaining slices; the volume's ends act as fixed neighbours.
  std::vector<int64_t> prev(k), next(k);
  for (size_t i = 0; i < k; ++i) prev[i] = int64_t(i) - 1, next[i] = int64_t(i) + 1;
  auto position = [&](int64_t i) -> int64_t {
    if (i < 0) return 0;
    return i >= int64_t(k) ? last : slices[size_t(i)];
  };
  auto mergedGap = [&](size_t i) { return position(next[i]) - position(prev[i]); };

  // (merged gap, -rank, index): the smallest merged gap is removed first, the latest rank on ties.
  using Key = std::tuple<int64_t, int64_t, size_t>;
  std::set<Key> queue;
  std::vector<int64_t> currentGap(k);
  for (size_t i = 0; i < k; ++i) {
    currentGap[i] = mergedGap(i);
    queue.insert({currentGap[i], -int64_t(rank[i]), i});
  }
  std::vector<int64_t> reversed;
  reversed.reserve(k);
  while (!queue.empty()) {
    const size_t i = std::get<2>(*queue.begin());
    queue.erase(queue.begin());
    reversed.push_back(slices[i]);
    const int64_t p = prev[i], n = next[i];
    if (p >= 0) next[size_t(p)] = n;
    if (n < int64_t(k)) prev[size_t(n)] = p;
    for (int64_t j : {p, n}) {
      if (j < 0 || j >= int64_t(k)) continue;
      const size_t u = size_t(j);
      queue.erase({currentGap[u], -int64_t(rank[u]), u});
      currentGap[u] = mergedGap(u);
      queue.insert({currentGap[u], -int64_t(rank[u]), u});
    }
  }
  return {reversed.rbegin(), reversed.rend()};
}

}  // namespace slicewise
