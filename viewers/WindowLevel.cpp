#include "viewers/WindowLevel.h"

#include "model/CtWindowPresets.h"
#include "model/NonFiniteVoxels.h"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>

namespace slicewise {

uint8_t WindowLevel::grey(double value) const {
  const double w = std::max(width, 1e-6);
  const double t = (value - (center - 0.5 * w)) / w;
  return uint8_t(std::lround(std::clamp(t, 0.0, 1.0) * 255.0));
}

bool WindowLevel::looksLikeCt(const Volume& volume) {
  if (volume.pixelType() == PixelType::UInt8 || volume.pixelType() == PixelType::UInt16)
    return false;
  const FiniteSummary finite = finiteSummary(volume);
  return finite.lo <= -900 && finite.hi >= 300;
}

WindowLevel WindowLevel::suggest(const Volume& volume) {
  if (volume.empty()) return {};
  if (looksLikeCt(volume)) {
    const CtWindowPreset& soft = ctWindowPreset("soft tissue");
    return {soft.level, soft.width};
  }
  // A strided sample of at most ~2M voxels keeps this instant on large volumes.
  std::vector<float> sample = volume.visit([](const auto& voxels) {
    const size_t n = voxels.size();
    const size_t stride = std::max<size_t>(1, n / 2'000'000);
    std::vector<float> out;
    out.reserve(n / stride + 1);
    // NaN and infinite voxels are left out (model/NonFiniteVoxels.h): NaN breaks the ordering
    // nth_element needs, an infinity would become the window's edge.
    for (size_t i = 0; i < n; i += stride)
      if (std::isfinite(float(voxels[i]))) out.push_back(float(voxels[i]));
    return out;
  });
  if (sample.empty()) return {};
  auto quantile = [&](double q) {
    const size_t k = std::min(sample.size() - 1, size_t(q * double(sample.size() - 1)));
    std::nth_element(sample.begin(), sample.begin() + std::ptrdiff_t(k), sample.end());
    return double(sample[k]);
  };
  const double lo = quantile(0.005), hi = quantile(0.995);
  if (hi <= lo) return {lo, 1.0};
  // In MRI the top percentile is still tissue (white matter in T1), not outliers: 20 % headroom
  // above it keeps the brightest tissue light grey instead of white, so its texture stays visible.
  const double top = lo + 1.2 * (hi - lo);
  return {0.5 * (lo + top), top - lo};
}

}  // namespace slicewise
