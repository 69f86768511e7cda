#include "tools/FloodFill.h"

#include <algorithm>

namespace slicewise {

VoxelList FloodFill::fill(const Volume& image, const SliceLocation& slice, int64_t seedU, int64_t seedV,
                          const IntensityWindow& window) {
  const ImageGeometry& g = image.geometry();
  const SlicePlane p = slicePlane(g, slice.axis);
  VoxelList out;
  if (slice.index < 0 || slice.index >= p.count || seedU < 0 || seedV < 0 || seedU >= p.width ||
      seedV >= p.height)
    return out;
  const std::vector<float> pixels = image.sliceAsFloat(p, slice.index);
  std::vector<uint8_t> seen(pixels.size(), 0);
  std::vector<int64_t> stack{seedV * p.width + seedU};
  seen[size_t(stack.back())] = 1;
  while (!stack.empty()) {
    const int64_t at = stack.back();
    stack.pop_back();
    if (!window.contains(double(pixels[size_t(at)]))) continue;
    const int64_t u = at % p.width, v = at / p.width;
    const Index3 idx = p.voxel(slice.index, u, v);
    out.push_back(int64_t(g.linearIndex(idx[0], idx[1], idx[2])));
    const int64_t next[4][2] = {{u - 1, v}, {u + 1, v}, {u, v - 1}, {u, v + 1}};
    for (const auto& n : next)
      if (n[0] >= 0 && n[1] >= 0 && n[0] < p.width && n[1] < p.height) {
        const int64_t i = n[1] * p.width + n[0];
        if (!seen[size_t(i)]) {
          seen[size_t(i)] = 1;
          stack.push_back(i);
        }
      }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace slicewise
