#include "select/SliceStack.h"

#include <algorithm>
#include <cmath>
#include <tbb/parallel_for.h>

#include "model/NonFiniteVoxels.h"
#include "model/SliceAccess.h"

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

SliceStack SliceStack::extractForComparison(const Volume& volume, SliceAxis axis) {
  const FiniteSummary finite = finiteSummary(volume);
  const double scale = finite.hi > finite.lo ? 1.0 / (finite.hi - finite.lo) : 1.0;
  SliceStack stack = extract(volume, axis, float(scale));
  if (!finite.clean()) {
    const float lo = float(finite.lo * scale), hi = float(finite.hi * scale);
    tbb::parallel_for(size_t(0), stack.values.size(), [&](size_t i) {
      float& x = stack.values[i];
      if (std::isnan(x)) x = lo;
      else if (std::isinf(x)) x = x > 0 ? hi : lo;
    });
  }
  return stack;
}

}  // namespace slicewise
