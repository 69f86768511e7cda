#include "jobs/IntensityNormaliser.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "model/CtWindowPresets.h"

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

// The narrowest preset holding [low, high]; -1000..1000 when none does.
std::pair<double, double> presetHolding(double low, double high) {
  std::pair<double, double> window{-1000.0, 1000.0};
  double width = std::numeric_limits<double>::infinity();
  for (const CtWindowPreset& preset : kCtWindowPresets)
    if (preset.low() <= low && high <= preset.high() && preset.width < width) {
      window = {preset.low(), preset.high()};
      width = preset.width;
    }
  return window;
}

}  // namespace

IntensityNormaliser IntensityNormaliser::fit(const Volume& volume, const UNetParameters& p,
                                             std::vector<float> labelled) {
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
    std::pair<double, double> window{p.ctWindowLow, p.ctWindowHigh};
    if (p.ctWindowFromLabels) {
      labelled.erase(std::remove_if(labelled.begin(), labelled.end(), [](float v) { return !std::isfinite(v); }),
                     labelled.end());
      window = labelled.empty() ? std::pair{-1000.0, 1000.0}
                                : presetHolding(quantile(labelled, 0.05), quantile(labelled, 0.95));
    }
    n.windowLow_ = window.first;
    n.windowHigh_ = window.second;
    n.centre_ = float(0.5 * (window.first + window.second));
    n.inverseScale_ = float(2.0 / (window.second - window.first));
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
