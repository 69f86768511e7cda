#include "tools/RoundBrush.h"

#include <algorithm>
#include <cmath>

namespace slicewise {

namespace {

// Squared distance (mm) from point p to segment ab, all in mm.
double squaredDistanceToSegment(double px, double py, double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double cx = ax + t * dx - px, cy = ay + t * dy - py;
  return cx * cx + cy * cy;
}

}  // namespace

VoxelList RoundBrush::stroke(const ImageGeometry& g, const SliceLocation& slice, SlicePoint from,
                             SlicePoint to) const {
  const SlicePlane p = slicePlane(g, slice.axis);
  VoxelList out;
  if (slice.index < 0 || slice.index >= p.count) return out;
  // A brush smaller than a voxel still covers every voxel whose area the path crosses: a voxel
  // centre is at most half a diagonal from any point inside it.
  const double minRadius = 0.5 * std::hypot(p.spacingU, p.spacingV);
  const double r = std::max(diameterMm_ / 2.0, minRadius);
  const double r2 = r * r;
  const int64_t reachU = int64_t(std::ceil(r / p.spacingU));
  const int64_t reachV = int64_t(std::ceil(r / p.spacingV));
  const int64_t reachN = shape_ == Shape::Sphere ? int64_t(std::floor(diameterMm_ / 2.0 / p.spacingNormal)) : 0;
  const int64_t u0 = std::max<int64_t>(0, int64_t(std::floor(std::min(from.u, to.u))) - reachU);
  const int64_t u1 = std::min<int64_t>(p.width - 1, int64_t(std::ceil(std::max(from.u, to.u))) + reachU);
  const int64_t v0 = std::max<int64_t>(0, int64_t(std::floor(std::min(from.v, to.v))) - reachV);
  const int64_t v1 = std::min<int64_t>(p.height - 1, int64_t(std::ceil(std::max(from.v, to.v))) + reachV);
  const int64_t s0 = std::max<int64_t>(0, slice.index - reachN);
  const int64_t s1 = std::min<int64_t>(p.count - 1, slice.index + reachN);
  const double ax = from.u * p.spacingU, ay = from.v * p.spacingV;
  const double bx = to.u * p.spacingU, by = to.v * p.spacingV;
  const double sphereR2 = (diameterMm_ / 2.0) * (diameterMm_ / 2.0);
  for (int64_t s = s0; s <= s1; ++s) {
    const double dn = double(s - slice.index) * p.spacingNormal;
    // Off the slice plane the ball's cross-section shrinks: r^2 - dn^2.
    const double limit = s == slice.index ? r2 : sphereR2 - dn * dn;
    if (limit < 0) continue;
    for (int64_t v = v0; v <= v1; ++v)
      for (int64_t u = u0; u <= u1; ++u)
        if (squaredDistanceToSegment(double(u) * p.spacingU, double(v) * p.spacingV, ax, ay, bx, by) <= limit) {
          const Index3 idx = p.voxel(s, u, v);
          out.push_back(int64_t(g.linearIndex(idx[0], idx[1], idx[2])));
        }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace slicewise
