#pragma once

#include <cstdint>
#include <vector>

#include "model/ImageGeometry.h"

namespace slicewise {

// The volume cut into cubes of 32 voxels a side (smaller at the far edges), the unit in which
// edits are tracked and studies store labels (as Krita keeps tiles): a stroke on any axis touches
// a few bricks, so saving it writes a few bricks, whichever way the slice lies.
struct BrickGrid {
  static constexpr int64_t kEdge = 32;

  Index3 volumeSize{0, 0, 0};
  Index3 count{0, 0, 0};  // bricks per dimension

  BrickGrid() = default;
  explicit BrickGrid(const Index3& size);

  int64_t brickCount() const { return count[0] * count[1] * count[2]; }
  int64_t brickId(int64_t bi, int64_t bj, int64_t bk) const { return bi + count[0] * (bj + count[1] * bk); }
  Index3 brickIndex(int64_t id) const;
  int64_t brickOfVoxel(int64_t i, int64_t j, int64_t k) const {
    return brickId(i / kEdge, j / kEdge, k / kEdge);
  }
  int64_t brickOfLinear(int64_t linear) const;
  // First voxel and size of a brick (edge bricks are cut off at the volume's end).
  Index3 origin(int64_t id) const;
  Index3 extent(int64_t id) const;
  size_t voxelsIn(int64_t id) const;

  // Copies a brick of a whole-volume buffer into a packed buffer (i fastest) and back.
  template <class T>
  std::vector<T> extract(const std::vector<T>& volume, int64_t id) const;
  template <class T>
  void insert(std::vector<T>& volume, int64_t id, const T* packed) const;
};

template <class T>
std::vector<T> BrickGrid::extract(const std::vector<T>& volume, int64_t id) const {
  const Index3 o = origin(id), e = extent(id);
  std::vector<T> out;
  out.reserve(size_t(e[0] * e[1] * e[2]));
  for (int64_t k = 0; k < e[2]; ++k)
    for (int64_t j = 0; j < e[1]; ++j) {
      const size_t row = size_t(o[0]) + size_t(volumeSize[0]) * (size_t(o[1] + j) + size_t(volumeSize[1]) * size_t(o[2] + k));
      out.insert(out.end(), volume.begin() + ptrdiff_t(row), volume.begin() + ptrdiff_t(row + size_t(e[0])));
    }
  return out;
}

template <class T>
void BrickGrid::insert(std::vector<T>& volume, int64_t id, const T* packed) const {
  const Index3 o = origin(id), e = extent(id);
  for (int64_t k = 0; k < e[2]; ++k)
    for (int64_t j = 0; j < e[1]; ++j) {
      const size_t row = size_t(o[0]) + size_t(volumeSize[0]) * (size_t(o[1] + j) + size_t(volumeSize[1]) * size_t(o[2] + k));
      std::copy(packed, packed + e[0], volume.begin() + ptrdiff_t(row));
      packed += e[0];
    }
}

}  // namespace slicewise
