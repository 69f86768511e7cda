#include "tools/PolygonFill.h"

#include <algorithm>
#include <cmath>

namespace slicewise {

VoxelList PolygonFill::fill(const ImageGeometry& g, const SliceLocation& slice,
                            const std::vector<SlicePoint>& vertices) {
  const SlicePlane p = slicePlane(g, slice.axis);
  VoxelList out;
  if (vertices.size() < 3 || slice.index < 0 || slice.index >= p.count) return out;
  std::vector<double> crossings;
  for (int64_t v = 0; v < p.height; ++v) {
    // Scanline through the pixel centres of row v: where does the outline cross it?
    crossings.clear();
    const double y = double(v);
    for (size_t i = 0; i < vertices.size(); ++i) {
      const SlicePoint& a = vertices[i];
      const SlicePoint& b = vertices[(i + 1) % vertices.size()];
      // Half-open in y so a vertex on the scanline counts once.
      if ((a.v <= y && b.v > y) || (b.v <= y && a.v > y))
        crossings.push_back(a.u + (y - a.v) * (b.u - a.u) / (b.v - a.v));
    }
    std::sort(crossings.begin(), crossings.end());
    for (size_t c = 0; c + 1 < crossings.size(); c += 2) {
      const int64_t from = std::max<int64_t>(0, int64_t(std::ceil(crossings[c])));
      const int64_t to = std::min<int64_t>(p.width - 1, int64_t(std::floor(crossings[c + 1])));
      for (int64_t u = from; u <= to; ++u) {
        const Index3 idx = p.voxel(slice.index, u, v);
        out.push_back(int64_t(g.linearIndex(idx[0], idx[1], idx[2])));
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace slicewise
