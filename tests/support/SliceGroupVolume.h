#pragma once

// Test volumes whose slices come from known, clearly different groups: selectors that look at
// slice content must pick from every group.
#include <cmath>
#include <cstdint>
#include <vector>

#include "model/SliceAccess.h"
#include "model/Volume.h"

namespace slicewise::test {

// Pixel (u, v) of a slice of `group`, with a small deterministic per-slice ripple so that no two
// slices of a group are identical. 0: smooth ramp 100..200 (the common tissue), 1: 4-pixel
// checkerboard 0/400, 2: bright disc 800 on 50, 3: vertical stripes 300/600.
inline int16_t groupPixel(int group, int64_t u, int64_t v, int64_t w, int64_t h, int64_t slice) {
  const double ripple = 4.0 * std::sin(0.7 * double(u) + 1.3 * double(v) + 0.9 * double(slice));
  double value = 0;
  switch (group) {
    case 0: value = 100.0 + 100.0 * double(u) / double(w - 1); break;
    case 1: value = ((u / 4 + v / 4) % 2) ? 400.0 : 0.0; break;
    case 2: {
      const double du = double(u) - 0.5 * double(w), dv = double(v) - 0.5 * double(h);
      value = du * du + dv * dv < 0.09 * double(w * h) ? 800.0 : 50.0;
      break;
    }
    default: value = (u / 3) % 2 ? 600.0 : 300.0; break;
  }
  return int16_t(std::lround(value + ripple));
}

// A volume with groups.size() slices along `axis` (group of each slice given), in-plane w x h.
inline Volume sliceGroupVolume(SliceAxis axis, const std::vector<int>& groups, int64_t w = 40,
                               int64_t h = 36) {
  ImageGeometry g;
  const int64_t n = int64_t(groups.size());
  // Identity direction: axial slices stack along voxel dim 2, coronal dim 1, sagittal dim 0.
  const int normal = axis == SliceAxis::Axial ? 2 : axis == SliceAxis::Coronal ? 1 : 0;
  const int uDim = normal == 0 ? 1 : 0, vDim = normal == 2 ? 1 : 2;
  g.size[size_t(normal)] = n;
  g.size[size_t(uDim)] = w;
  g.size[size_t(vDim)] = h;
  std::vector<int16_t> voxels(g.voxelCount());
  const SlicePlane plane = slicePlane(g, axis);
  std::vector<int16_t> slice(plane.pixelCount());
  for (int64_t s = 0; s < n; ++s) {
    for (int64_t v = 0; v < plane.height; ++v)
      for (int64_t u = 0; u < plane.width; ++u)
        slice[size_t(v * plane.width + u)] =
            groupPixel(groups[size_t(s)], u, v, plane.width, plane.height, s);
    insertSlice(voxels.data(), g, plane, s, slice.data());
  }
  return Volume(g, std::move(voxels));
}

}  // namespace slicewise::test
