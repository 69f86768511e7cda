#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/ImageGeometry.h"
#include "model/SliceAxis.h"

namespace slicewise {

// Copies slice `slice` of a voxel buffer into a row-major (u fastest) 2D buffer, and back.
// Voxel strides are computed once so the inner loop is a strided copy on any axis.
template <class T, class U = T>
void extractSlice(const T* voxels, const ImageGeometry& g, const SlicePlane& p, int64_t slice,
                  U* out) {
  const std::array<size_t, 3> stride{1, size_t(g.size[0]), size_t(g.size[0]) * size_t(g.size[1])};
  const size_t base = size_t(slice) * stride[size_t(p.normalDim)];
  const size_t su = stride[size_t(p.uDim)], sv = stride[size_t(p.vDim)];
  for (int64_t v = 0; v < p.height; ++v) {
    const T* row = voxels + base + size_t(v) * sv;
    U* dst = out + size_t(v) * size_t(p.width);
    for (int64_t u = 0; u < p.width; ++u) dst[u] = U(row[size_t(u) * su]);
  }
}

template <class T, class U = T>
std::vector<U> extractSlice(const std::vector<T>& voxels, const ImageGeometry& g,
                            const SlicePlane& p, int64_t slice) {
  std::vector<U> out(p.pixelCount());
  extractSlice<T, U>(voxels.data(), g, p, slice, out.data());
  return out;
}

template <class T>
void insertSlice(T* voxels, const ImageGeometry& g, const SlicePlane& p, int64_t slice,
                 const T* in) {
  const std::array<size_t, 3> stride{1, size_t(g.size[0]), size_t(g.size[0]) * size_t(g.size[1])};
  const size_t base = size_t(slice) * stride[size_t(p.normalDim)];
  const size_t su = stride[size_t(p.uDim)], sv = stride[size_t(p.vDim)];
  for (int64_t v = 0; v < p.height; ++v) {
    T* row = voxels + base + size_t(v) * sv;
    const T* src = in + size_t(v) * size_t(p.width);
    for (int64_t u = 0; u < p.width; ++u) row[size_t(u) * su] = src[u];
  }
}

}  // namespace slicewise
