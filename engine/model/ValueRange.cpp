#include "model/ValueRange.h"

#include <algorithm>
#include <limits>
#include <tbb/parallel_for.h>
#include <type_traits>
#include <vector>

namespace slicewise {

std::pair<double, double> valueRange(const Volume& volume) {
  return volume.visit([](const auto& v) -> std::pair<double, double> {
    using T = typename std::decay_t<decltype(v)>::value_type;
    if (v.empty()) return {0.0, 0.0};
    constexpr size_t kChunk = size_t(1) << 20;
    const size_t chunks = (v.size() + kChunk - 1) / kChunk;
    std::vector<std::pair<T, T>> part(chunks);
    // NaN voxels are left out: one NaN first in a chunk would otherwise make its range NaN.
    constexpr bool kFloating = std::numeric_limits<T>::has_quiet_NaN;
    const auto isNan = [](T x) {
      if constexpr (kFloating) return x != x;
      else return (void)x, false;
    };
    tbb::parallel_for(size_t(0), chunks, [&](size_t c) {
      const size_t begin = c * kChunk, end = std::min(v.size(), begin + kChunk);
      T lo = v[begin], hi = v[begin];
      if constexpr (kFloating) {
        lo = std::numeric_limits<T>::infinity(), hi = -std::numeric_limits<T>::infinity();
        for (size_t i = begin; i < end; ++i)
          if (!isNan(v[i])) lo = v[i] < lo ? v[i] : lo, hi = v[i] > hi ? v[i] : hi;
        if (lo > hi) lo = hi = std::numeric_limits<T>::quiet_NaN();  // only NaN here
      } else {
        for (size_t i = begin; i < end; ++i) lo = v[i] < lo ? v[i] : lo, hi = v[i] > hi ? v[i] : hi;
      }
      part[c] = {lo, hi};
    });
    bool any = false;
    T lo = T(0), hi = T(0);
    for (const auto& [a, b] : part) {
      if (isNan(a)) continue;  // a chunk of NaN only
      lo = any ? std::min(lo, a) : a;
      hi = any ? std::max(hi, b) : b;
      any = true;
    }
    return {double(lo), double(hi)};
  });
}

double dataRange(const Volume& volume) {
  const auto [lo, hi] = valueRange(volume);
  return hi > lo ? hi - lo : 1.0;
}

}  // namespace slicewise
