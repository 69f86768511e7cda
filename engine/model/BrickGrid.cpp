#include "model/BrickGrid.h"

#include <algorithm>

namespace slicewise {

BrickGrid::BrickGrid(const Index3& size) : volumeSize(size) {
  for (int d = 0; d < 3; ++d) count[size_t(d)] = (size[size_t(d)] + kEdge - 1) / kEdge;
}

Index3 BrickGrid::brickIndex(int64_t id) const {
  return {id % count[0], (id / count[0]) % count[1], id / (count[0] * count[1])};
}

int64_t BrickGrid::brickOfLinear(int64_t linear) const {
  const int64_t i = linear % volumeSize[0];
  const int64_t rest = linear / volumeSize[0];
  return brickOfVoxel(i, rest % volumeSize[1], rest / volumeSize[1]);
}

Index3 BrickGrid::origin(int64_t id) const {
  const Index3 b = brickIndex(id);
  return {b[0] * kEdge, b[1] * kEdge, b[2] * kEdge};
}

Index3 BrickGrid::extent(int64_t id) const {
  const Index3 o = origin(id);
  Index3 e{};
  for (size_t d = 0; d < 3; ++d) e[d] = std::min(kEdge, volumeSize[d] - o[d]);
  return e;
}

size_t BrickGrid::voxelsIn(int64_t id) const {
  const Index3 e = extent(id);
  return size_t(e[0]) * size_t(e[1]) * size_t(e[2]);
}

}  // namespace slicewise
