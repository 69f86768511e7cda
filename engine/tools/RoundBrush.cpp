#include "tools/RoundBrush.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

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

// The pixels a segment passes through (pixel (u, v) covers [u - 1/2, u + 1/2) x [v - 1/2, v + 1/2)),
// walked cell by cell (Amanatides and Woo) so no crossed pixel is skipped.
void addCrossedPixels(SlicePoint from, SlicePoint to, std::vector<std::pair<int64_t, int64_t>>& out) {
  double x = from.u + 0.5, y = from.v + 0.5;
  const double dx = to.u - from.u, dy = to.v - from.v;
  int64_t cx = int64_t(std::floor(x)), cy = int64_t(std::floor(y));
  const int64_t ex = int64_t(std::floor(to.u + 0.5)), ey = int64_t(std::floor(to.v + 0.5));
  const int64_t sx = dx > 0 ? 1 : -1, sy = dy > 0 ? 1 : -1;
  const double inf = std::numeric_limits<double>::infinity();
  const double tdx = dx != 0 ? std::abs(1.0 / dx) : inf, tdy = dy != 0 ? std::abs(1.0 / dy) : inf;
  double tx = dx != 0 ? (dx > 0 ? (double(cx) + 1 - x) : (x - double(cx))) * tdx : inf;
  double ty = dy != 0 ? (dy > 0 ? (double(cy) + 1 - y) : (y - double(cy))) * tdy : inf;
  out.emplace_back(cx, cy);
  while ((cx != ex || cy != ey) && std::min(tx, ty) <= 1.0) {
    if (tx < ty) {
      cx += sx;
      tx += tdx;
    } else {
      cy += sy;
      ty += tdy;
    }
    out.emplace_back(cx, cy);
  }
}

}  // namespace

VoxelList RoundBrush::stroke(const ImageGeometry& g, const SliceLocation& slice, SlicePoint from,
                             SlicePoint to) const {
  const SlicePlane p = slicePlane(g, slice.axis);
  VoxelList out;
  if (slice.index < 0 || slice.index >= p.count) return out;
  const double r = diameterMm_ / 2.0;
  const int64_t reachU = int64_t(std::ceil(r / p.spacingU));
  const int64_t reachV = int64_t(std::ceil(r / p.spacingV));
  const int64_t reachN = shape_ == Shape::Sphere ? int64_t(std::floor(r / p.spacingNormal)) : 0;
  const int64_t u0 = std::max<int64_t>(0, int64_t(std::floor(std::min(from.u, to.u))) - reachU);
  const int64_t u1 = std::min<int64_t>(p.width - 1, int64_t(std::ceil(std::max(from.u, to.u))) + reachU);
  const int64_t v0 = std::max<int64_t>(0, int64_t(std::floor(std::min(from.v, to.v))) - reachV);
  const int64_t v1 = std::min<int64_t>(p.height - 1, int64_t(std::ceil(std::max(from.v, to.v))) + reachV);
  const int64_t s0 = std::max<int64_t>(0, slice.index - reachN);
  const int64_t s1 = std::min<int64_t>(p.count - 1, slice.index + reachN);
  const double ax = from.u * p.spacingU, ay = from.v * p.spacingV;
  const double bx = to.u * p.spacingU, by = to.v * p.spacingV;
  const auto add = [&](int64_t s, int64_t u, int64_t v) {
    const Index3 idx = p.voxel(s, u, v);
    out.push_back(int64_t(g.linearIndex(idx[0], idx[1], idx[2])));
  };
  for (int64_t s = s0; s <= s1; ++s) {
    const double dn = double(s - slice.index) * p.spacingNormal;
    const double limit = r * r - dn * dn;  // off the slice plane a ball's section shrinks
    if (limit < 0) continue;
    for (int64_t v = v0; v <= v1; ++v)
      for (int64_t u = u0; u <= u1; ++u)
        if (squaredDistanceToSegment(double(u) * p.spacingU, double(v) * p.spacingV, ax, ay, bx, by) <= limit)
          add(s, u, v);
  }
  // A brush smaller than a pixel still paints the pixels its path crosses.
  std::vector<std::pair<int64_t, int64_t>> crossed;
  addCrossedPixels(from, to, crossed);
  for (const auto& [u, v] : crossed)
    if (u >= 0 && v >= 0 && u < p.width && v < p.height) add(slice.index, u, v);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace slicewise
