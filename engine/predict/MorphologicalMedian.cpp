#include "predict/MorphologicalMedian.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

#include "predict/DistanceTransform.h"

namespace slicewise {
namespace {

// Depth (mm) of every pixel of a shape: distance to the nearest pixel outside it.
std::vector<float> depthOf(const std::vector<uint8_t>& shape, int64_t w, int64_t h, double su,
                           double sv) {
  std::vector<uint8_t> outside(shape.size());
  for (size_t i = 0; i < shape.size(); ++i) outside[i] = shape[i] ? 0 : 1;
  auto d = DistanceTransform::squared2D(outside.data(), w, h, su, sv);
  for (float& x : d) x = std::sqrt(x);
  return d;
}

}  // namespace

MorphologicalMedian::Interpolation::Interpolation(const std::vector<uint8_t>& x,
                                                  const std::vector<uint8_t>& y, int64_t w,
                                                  int64_t h, double su, double sv)
    : enter_(x.size(), 2.0f), leave_(x.size(), 2.0f) {
  const size_t n = x.size();
  std::vector<uint8_t> uni(n), common(n);
  bool anyUnion = false, anyCommon = false;
  for (size_t i = 0; i < n; ++i) {
    uni[i] = x[i] || y[i];
    common[i] = x[i] && y[i];
    anyUnion = anyUnion || uni[i];
    anyCommon = anyCommon || common[i];
  }
  if (!anyUnion) return;
  if (!anyCommon) {
    size_t best = 0;
    double bestD = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < n; ++i) {
      if (!uni[i]) continue;
      const double du = (double(int64_t(i) % w) - double(w) / 2) * su;
      const double dv = (double(int64_t(i) / w) - double(h) / 2) * sv;
      if (du * du + dv * dv < bestD) {
        bestD = du * du + dv * dv;
        best = i;
      }
    }
    common[best] = 1;
  }
  const std::vector<float> depth = depthOf(uni, w, h, su, sv);
  // Conditional dilation of the intersection inside the union, all steps at once: Dijkstra over
  // the 8-neighbourhood with the steps' lengths in mm.
  std::vector<float> reach(n, std::numeric_limits<float>::infinity());
  using Item = std::pair<float, int64_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
  for (size_t i = 0; i < n; ++i)
    if (common[i]) {
      reach[i] = 0;
      queue.push({0.0f, int64_t(i)});
    }
  const float diag = float(std::sqrt(su * su + sv * sv));
  while (!queue.empty()) {
    const auto [d, p] = queue.top();
    queue.pop();
    if (d > reach[size_t(p)]) continue;
    const int64_t u = p % w, v = p / w;
    for (int64_t dv = -1; dv <= 1; ++dv)
      for (int64_t du = -1; du <= 1; ++du) {
        if (!du && !dv) continue;
        const int64_t nu = u + du, nv = v + dv;
        if (nu < 0 || nv < 0 || nu >= w || nv >= h) continue;
        const size_t q = size_t(nv * w + nu);
        if (!uni[q]) continue;
        const float nd = d + (du && dv ? diag : float(du ? su : sv));
        if (nd < reach[q]) {
          reach[q] = nd;
          queue.push({nd, int64_t(q)});
        }
      }
  }
  for (size_t i = 0; i < n; ++i) {
    if (!uni[i]) continue;
    if (common[i]) {
      enter_[i] = -1.0f;
      continue;
    }
    // Unreachable pixels (a part of the union not connected to the intersection) count as
    // reached last.
    const float f = std::isinf(reach[i]) ? 1.0f : reach[i] / (reach[i] + depth[i]);
    if (y[i]) {
      enter_[i] = f;
    } else {
      enter_[i] = -1.0f;
      leave_[i] = 1.0f - f;
    }
  }
}

std::vector<uint8_t> MorphologicalMedian::Interpolation::at(double t) const {
  std::vector<uint8_t> out(enter_.size());
  const auto tf = float(t);
  for (size_t i = 0; i < out.size(); ++i) out[i] = enter_[i] < tf && tf < leave_[i];
  return out;
}

MorphologicalMedian::Erosion::Erosion(const std::vector<uint8_t>& x, int64_t w, int64_t h,
                                      double su, double sv)
    : shape_(x), depth_(depthOf(x, w, h, su, sv)) {
  for (size_t i = 0; i < x.size(); ++i)
    if (x[i]) deepest_ = std::max(deepest_, depth_[i]);
}

std::vector<uint8_t> MorphologicalMedian::Erosion::at(double fraction) const {
  std::vector<uint8_t> out(shape_.size(), 0);
  if (fraction >= 1.0) return out;
  const float limit = float(std::max(0.0, fraction)) * deepest_;
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = shape_[i] && (fraction <= 0.0 || depth_[i] > limit);
  return out;
}

}  // namespace slicewise
