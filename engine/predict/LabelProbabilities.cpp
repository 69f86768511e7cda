#include "predict/LabelProbabilities.h"

#include <algorithm>
#include <cmath>

#include "predict/DistanceTransform.h"

namespace slicewise {

namespace {

// Distances are clipped where the logistic has saturated: exp(-12) ~ 6e-6.
constexpr double kClipInTaus = 12.0;

}  // namespace

void LabelProbabilities::accumulate(const std::vector<Label>& slice, const SlicePlane& plane,
                                    const std::vector<Label>& classes, double tauMm, float* sum) {
  const size_t pixels = plane.pixelCount();
  const size_t n = classes.size();
  const float clip = float(std::max(kClipInTaus * tauMm, 2.0 * std::max(plane.spacingU, plane.spacingV)));
  const float inverseTau = float(1.0 / tauMm);
  // logits: class-major, background (class 0) stays 0.
  std::vector<float> logits(n * pixels, 0.0f);
  std::vector<uint8_t> inside(pixels);
  for (size_t c = 1; c < n; ++c) {
    float* out = logits.data() + c * pixels;
    bool any = false;
    for (size_t i = 0; i < pixels; ++i) any |= (inside[i] = slice[i] == classes[c]) != 0;
    if (!any) {
      std::fill(out, out + pixels, -clip * inverseTau);
      continue;
    }
    DistanceTransform::clippedSigned2D(inside.data(), plane.width, plane.height, plane.spacingU, plane.spacingV,
                                       clip, out);
    for (size_t i = 0; i < pixels; ++i) out[i] *= inverseTau;
  }
  for (size_t i = 0; i < pixels; ++i) {
    float top = 0.0f;
    for (size_t c = 1; c < n; ++c) top = std::max(top, logits[c * pixels + i]);
    float total = 0.0f;
    for (size_t c = 0; c < n; ++c) total += (logits[c * pixels + i] = std::exp(logits[c * pixels + i] - top));
    for (size_t c = 0; c < n; ++c) sum[c * pixels + i] += logits[c * pixels + i] / total;
  }
}

}  // namespace slicewise
