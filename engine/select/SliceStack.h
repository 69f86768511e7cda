#pragma once

#include <cstdint>
#include <vector>

#include "model/SliceAxis.h"
#include "model/ValueRange.h"
#include "model/Volume.h"

namespace slicewise {

// Every slice of one axis as contiguous float rows (slice s starts at s * pixels), u fastest,
// values multiplied by `scale`. Selectors that compare whole slices work on this copy.
struct SliceStack {
  int64_t width = 0, height = 0, count = 0;
  std::vector<float> values;

  size_t pixels() const { return size_t(width) * size_t(height); }
  const float* slice(int64_t s) const { return values.data() + size_t(s) * pixels(); }

  static SliceStack extract(const Volume& volume, SliceAxis axis, float scale = 1.0f);
  // What slice comparisons (k-means, SSIM) work on: values scaled by 1 / the range of the finite
  // voxels, NaN and -inf replaced by the scaled finite minimum and +inf by the maximum
  // (model/NonFiniteVoxels.h), so one NaN voxel cannot make every distance NaN.
  static SliceStack extractForComparison(const Volume& volume, SliceAxis axis);
};


}  // namespace slicewise
