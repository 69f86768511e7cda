#include "predict/TaperedCarry.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <utility>

#include "predict/DistanceTransform.h"

namespace slicewise {

TaperedCarry::TaperedCarry(const std::vector<Label>& outer, const std::vector<Label>& inner,
                           const SlicePlane& p, int64_t gapSlices)
    : outer_(outer) {
  if (gapSlices < 1) return;
  struct Extent {
    size_t outerArea = 0, innerArea = 0;
    int64_t u0 = 0, v0 = 0, u1 = 0, v1 = 0;  // the label's box on the outermost key
  };
  std::map<Label, Extent> extents;
  for (int64_t v = 0; v < p.height; ++v)
    for (int64_t u = 0; u < p.width; ++u) {
      const size_t i = size_t(v * p.width + u);
      if (inner[i]) ++extents[inner[i]].innerArea;
      if (!outer[i]) continue;
      Extent& e = extents[outer[i]];
      if (e.outerArea++ == 0) e.u0 = u, e.v0 = v, e.u1 = u + 1, e.v1 = v + 1;
      e.u0 = std::min(e.u0, u), e.v0 = std::min(e.v0, v);
      e.u1 = std::max(e.u1, u + 1), e.v1 = std::max(e.v1, v + 1);
    }
  for (const auto& [label, e] : extents) {
    if (e.outerArea == 0 || e.innerArea <= e.outerArea) continue;
    Shrinking s;
    s.ratioPerSlice =
        std::pow(double(e.outerArea) / double(e.innerArea), 1.0 / double(gapSlices));
    // The label's distance map over its box and one pixel more: only inside pixels are kept.
    const int64_t u0 = std::max<int64_t>(0, e.u0 - 1), v0 = std::max<int64_t>(0, e.v0 - 1);
    const int64_t u1 = std::min(p.width, e.u1 + 1), v1 = std::min(p.height, e.v1 + 1);
    const int64_t w = u1 - u0, h = v1 - v0;
    std::vector<uint8_t> inside(size_t(w * h));
    for (int64_t v = 0; v < h; ++v)
      for (int64_t u = 0; u < w; ++u)
        inside[size_t(v * w + u)] = outer[size_t((v + v0) * p.width + u + u0)] == label;
    std::vector<float> distance(inside.size());
    DistanceTransform::clippedSigned2D(inside.data(), w, h, p.spacingU, p.spacingV, 1e9f,
                                       distance.data());
    // The distance map of a mask is stepped (whole rings of pixels share a value); smoothed, it
    // orders the pixels of one ring too, corners and thin parts first.
    DistanceTransform::smoothHalfPixel(distance.data(), w, h);
    std::vector<std::pair<float, size_t>> byDepth;
    for (int64_t v = 0; v < h; ++v)
      for (int64_t u = 0; u < w; ++u)
        if (inside[size_t(v * w + u)])
          byDepth.emplace_back(distance[size_t(v * w + u)], size_t((v + v0) * p.width + u + u0));
    std::stable_sort(byDepth.begin(), byDepth.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [depth, pixel] : byDepth) {
      s.depths.push_back(depth);
      s.pixels.push_back(pixel);
    }
    shrinking_.push_back(std::move(s));
  }
}

std::vector<Label> TaperedCarry::at(int64_t distance) const {
  std::vector<Label> slice = outer_;
  for (const Shrinking& s : shrinking_) {
    const size_t n = s.pixels.size();
    const double target = double(n) * std::pow(s.ratioPerSlice, double(distance));
    const auto keep = size_t(std::llround(target));
    if (keep >= n) continue;
    // The deepest pixels stay. Pixels of equal depth (a symmetric section's rings) go or stay
    // together, as many as come closest to the target.
    size_t kept = 0;
    if (keep > 0) {
      const float at = s.depths[keep - 1];
      const auto first = size_t(
          std::lower_bound(s.depths.begin(), s.depths.end(), at, std::greater<float>()) -
          s.depths.begin());
      const auto past = size_t(
          std::upper_bound(s.depths.begin(), s.depths.end(), at, std::greater<float>()) -
          s.depths.begin());
      kept = double(past) - target <= target - double(first) ? past : first;
    }
    for (size_t i = kept; i < n; ++i) slice[s.pixels[i]] = 0;
  }
  return slice;
}

}  // namespace slicewise
