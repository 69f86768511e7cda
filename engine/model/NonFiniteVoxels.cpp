#include "model/NonFiniteVoxels.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace slicewise {

FiniteSummary finiteSummary(const Volume& volume) {
  return volume.visit([](const auto& v) -> FiniteSummary {
    using T = typename std::decay_t<decltype(v)>::value_type;
    struct Part {
      double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
      uint64_t nan = 0, infinite = 0;
    };
    const Part total = tbb::parallel_reduce(
        tbb::blocked_range<size_t>(0, v.size(), size_t(1) << 16), Part{},
        [&](const tbb::blocked_range<size_t>& r, Part p) {
          for (size_t i = r.begin(); i < r.end(); ++i) {
            const T x = v[i];
            if constexpr (std::is_floating_point_v<T>) {
              if (std::isnan(x)) {
                ++p.nan;
                continue;
              }
              if (std::isinf(x)) {
                ++p.infinite;
                continue;
              }
            }
            p.lo = std::min(p.lo, double(x));
            p.hi = std::max(p.hi, double(x));
          }
          return p;
        },
        [](Part a, const Part& b) {
          a.lo = std::min(a.lo, b.lo);
          a.hi = std::max(a.hi, b.hi);
          a.nan += b.nan;
          a.infinite += b.infinite;
          return a;
        });
    FiniteSummary s;
    s.nan = total.nan;
    s.infinite = total.infinite;
    if (total.lo <= total.hi) s.lo = total.lo, s.hi = total.hi;
    return s;
  });
}

std::string nonFiniteNote(const FiniteSummary& s) {
  if (s.clean()) return {};
  std::string what;
  if (s.nan > 0) what = std::to_string(s.nan) + " NaN";
  if (s.infinite > 0) what += (what.empty() ? "" : " and ") + std::to_string(s.infinite) + " infinite";
  return "the image holds " + what +
         " voxel(s): value ranges leave them out, and slice comparisons treat NaN and -inf as the "
         "lowest finite value, +inf as the highest";
}

}  // namespace slicewise
