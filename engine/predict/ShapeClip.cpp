#include "predict/ShapeClip.h"

#include <algorithm>

namespace slicewise {
namespace {

double pixelMm(const SlicePlane& p) { return std::max(p.spacingU, p.spacingV); }

}  // namespace

float ShapeClip::forGap(double gapMm, double pixel) { return float(std::max(gapMm, 2.0 * pixel)); }

float ShapeClip::forInterval(const std::vector<int64_t>& keys, size_t i, const SlicePlane& p) {
  return forGap(double(keys[i + 1] - keys[i]) * p.spacingNormal, pixelMm(p));
}

float ShapeClip::forKey(const std::vector<int64_t>& keys, size_t k, const SlicePlane& p) {
  float clip = float(2.0 * pixelMm(p));
  for (size_t i = k >= 2 ? k - 2 : 0; i <= k + 1 && i + 1 < keys.size(); ++i)
    clip = std::max(clip, forInterval(keys, i, p));
  return clip;
}

float ShapeClip::forCarriedLabel(float intervalClip, float depthMm, const SlicePlane& p) {
  return std::max(float(2.0 * pixelMm(p)), std::min(intervalClip, 0.5f * depthMm));
}

}  // namespace slicewise
