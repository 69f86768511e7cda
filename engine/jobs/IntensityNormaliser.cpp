#include "jobs/IntensityNormaliser.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace slicewise {

namespace {

// Up to ~1M voxels spread evenly over the volume: quantiles of a large volume are as good from a
// sample and cost a fraction of the time.
std::vector<float> sample(const Volume& volume) {
  return volume.visit([](const auto& v) {
    const size_t step = std::max<size_t>(1, v.size() / 1000000);
    std::vector<float> out;
    out.reserve(v.size() / step + 1);
    for (size_t i = 0; i < v.size(); i += step)
      if (std::isfinite(float(v[i]))) out.push_back(float(v[i]));
    return out;
  });
}

float quantile(std::vector<float>& values, double q) {
  const size_t k = std::min(values.size() - 1, size_t(q * double(values.size() - 1) + 0.5));
  std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
  return values[k];
}

}  // namespace

IntensityNormaliser IntensityNormaliser::fit(const Volume& volume, const UNetParameters& p) {
  IntensityNormaliser n;
  if (p.intensity == IntensityMode::None) {
    n.mode_ = IntensityMode::None;
    n.limit_ = std::numeric_limits<float>::max();
    return n;
  }
  std::vector<float> values = sample(volume);
  if (values.empty()) return n;
  IntensityMode mode = p.intensity;
  if (mode == IntensityMode::Auto)
    mode = volume.pixelType() == PixelType::Int16 && quantile(values, 0.01) <= -500.0f
               ? IntensityMode::CtWindow
               : IntensityMode::ZScore;
  n.mode_ = mode;
  if (mode == IntensityMode::CtWindow) {
    n.centre_ = float(0.5 * (p.ctWindowLow + p.ctWindowHigh));
    n.inverseScale_ = float(2.0 / (p.ctWindowHigh - p.ctWindowLow));
    n.limit_ = 1.0f;
    return n;
  }
  const float q25 = quantile(values, 0.25), median = quantile(values, 0.5), q75 = quantile(values, 0.75);
  // An image that is mostly one value (background) has a zero IQR: fall back to the full spread.
  float spread = (q75 - q25) / 1.349f;
  if (!(spread > 0)) spread = (quantile(values, 0.999) - quantile(values, 0.001)) / 6.0f;
  n.centre_ = median;
  n.inverseScale_ = spread > 0 ? 1.0f / spread : 1.0f;
  n.limit_ = 5.0f;
  return n;
}

}  // namespace slicewise
