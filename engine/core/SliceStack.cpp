#include "core/SliceStack.h"

#include <algorithm>
#include <tbb/parallel_for.h>
#include <type_traits>

#include "core/SliceAccess.h"

namespace slicewise {

SliceStack SliceStack::extract(const Volume& volume, SliceAxis axis, float scale) {
  const SlicePlane plane = slicePlane(volume.geometry(), axis);
  SliceStack stack;
  stack.width = plane.width;
  stack.height = plane.height;
  stack.count = plane.count;
  stack.values.resize(stack.pixels() * size_t(stack.count));
  volume.visit([&](const auto& voxels) {
    tbb::parallel_for(int64_t(0), stack.count, [&](int64_t s) {
      float* out = stack.values.data() + size_t(s) * stack.pixels();
      extractSlice(voxels.data(), volume.geometry(), plane, s, out);
      if (scale != 1.0f)
        for (size_t i = 0; i < stack.pixels(); ++i) out[i] *= scale;
    });
  });
  return stack;
}

std::pair<double, double> valueRange(const Volume& volume) {
  return volume.visit([](const auto& v) -> std::pair<double, double> {
    using T = typename std::decay_t<decltype(v)>::value_type;
    if (v.empty()) return {0.0, 0.0};
    constexpr size_t kChunk = size_t(1) << 20;
    const size_t chunks = (v.size() + kChunk - 1) / kChunk;
    std::vector<std::pair<T, T>> part(chunks);
    tbb::parallel_for(size_t(0), chunks, [&](size_t c) {
      const size_t begin = c * kChunk, end = std::min(v.size(), begin + kChunk);
      T lo = v[begin], hi = v[begin];
      for (size_t i = begin; i < end; ++i) lo = v[i] < lo ? v[i] : lo, hi = v[i] > hi ? v[i] : hi;
      part[c] = {lo, hi};
    });
    T lo = part[0].first, hi = part[0].second;
    for (const auto& [a, b] : part) lo = std::min(lo, a), hi = std::max(hi, b);
    return {double(lo), double(hi)};
  });
}

double dataRange(const Volume& volume) {
  const auto [lo, hi] = valueRange(volume);
  return hi > lo ? hi - lo : 1.0;
}

}  // namespace slicewise
