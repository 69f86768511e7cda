#include "predict/IntensityQuantiles.h"

#include <algorithm>
#include <cmath>

namespace slicewise {
namespace {

// Ranks are estimated from at most this many voxels, spread evenly through the volume.
constexpr size_t kSampleSize = 1 << 20;
constexpr size_t kKnots = 1024;

}  // namespace

IntensityQuantiles::IntensityQuantiles(const Volume& volume) {
  std::vector<float> sample;
  volume.visit([&](const auto& voxels) {
    const size_t n = voxels.size();
    const size_t step = std::max<size_t>(1, n / kSampleSize);
    sample.reserve(n / step + 1);
    for (size_t i = 0; i < n; i += step)
      if (std::isfinite(double(voxels[i]))) sample.push_back(float(voxels[i]));
  });
  if (sample.empty()) return;
  std::sort(sample.begin(), sample.end());
  knots_.resize(kKnots + 1);
  for (size_t k = 0; k <= kKnots; ++k)
    knots_[k] = sample[std::min(sample.size() - 1, k * (sample.size() - 1) / kKnots)];
  // Integer voxels (at most 65536 values) are looked up rather than searched.
  if (volume.pixelType() != PixelType::Float32) {
    lutFirst_ = int64_t(std::floor(knots_.front()));
    const int64_t last = int64_t(std::ceil(knots_.back()));
    std::vector<float> lut;
    lut.reserve(size_t(last - lutFirst_ + 1));
    for (int64_t x = lutFirst_; x <= last; ++x) lut.push_back(normalise(float(x)));
    lut_ = std::move(lut);
  }
}

float IntensityQuantiles::normalise(float value) const {
  if (knots_.empty() || !std::isfinite(value)) return 0.5f;
  if (value <= knots_.front()) {
    const size_t equal = size_t(std::upper_bound(knots_.begin(), knots_.end(), value) - knots_.begin());
    return value < knots_.front() ? 0.0f : 0.5f * float(equal - 1) / float(kKnots);
  }
  if (value >= knots_.back()) {
    const size_t below = size_t(std::lower_bound(knots_.begin(), knots_.end(), value) - knots_.begin());
    return value > knots_.back() ? 1.0f : 0.5f * (1.0f + float(below) / float(kKnots));
  }
  const auto lo = std::lower_bound(knots_.begin(), knots_.end(), value);
  const auto hi = std::upper_bound(lo, knots_.end(), value);
  if (lo != hi)  // the value is a knot, maybe many: the middle of their ranks
    return 0.5f * float(size_t(lo - knots_.begin()) + size_t(hi - knots_.begin()) - 1) /
           float(kKnots);
  // Between knots lo-1 and lo: linear in value.
  const size_t k = size_t(lo - knots_.begin());
  const float a = knots_[k - 1], b = knots_[k];
  return (float(k - 1) + (value - a) / (b - a)) / float(kKnots);
}

float IntensityQuantiles::noise(const Volume& volume, const SlicePlane& p) const {
  std::vector<float> residuals;
  const int64_t step = std::max<int64_t>(1, p.count / 16);
  for (int64_t s = step / 2; s < p.count; s += step) {
    const auto img = slice(volume, p, s);
    for (int64_t v = 1; v + 1 < p.height; ++v)
      for (int64_t u = 1; u + 1 < p.width; ++u) {
        const size_t i = size_t(v * p.width + u);
        const float c = img[i], l = img[i - 1], r = img[i + 1], t = img[i - size_t(p.width)],
                    b = img[i + size_t(p.width)];
        if (c == l && c == r && c == t && c == b) continue;  // flat background
        residuals.push_back(std::abs(c - 0.25f * (l + r + t + b)));
      }
  }
  if (residuals.empty()) return 0.0f;
  const auto mid = residuals.begin() + long(residuals.size() / 2);
  std::nth_element(residuals.begin(), mid, residuals.end());
  // For white noise the residual's deviation is sqrt(1 + 4/16) times a voxel's; the median of a
  // normal's absolute value is 0.6745 deviations.
  return *mid / 0.6745f / std::sqrt(1.25f);
}

std::vector<float> IntensityQuantiles::slice(const Volume& volume, const SlicePlane& plane,
                                             int64_t index) const {
  std::vector<float> s = volume.sliceAsFloat(plane, index);
  if (lut_.empty()) {
    for (float& x : s) x = normalise(x);
  } else {
    const int64_t last = lutFirst_ + int64_t(lut_.size()) - 1;
    for (float& x : s) {
      const int64_t i = int64_t(x);
      x = i < lutFirst_ ? 0.0f : i > last ? 1.0f : lut_[size_t(i - lutFirst_)];
    }
  }
  return s;
}

}  // namespace slicewise
