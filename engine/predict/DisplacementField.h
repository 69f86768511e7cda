#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace slicewise {

// A dense 2D displacement field on a slice grid (width x height, u fastest), in pixels: pixel
// (u, v) corresponds to the point (u + du, v + dv) of another slice. Positions between pixels are
// read bilinearly; beyond the grid the border value holds.
class DisplacementField {
 public:
  DisplacementField() = default;
  DisplacementField(int64_t width, int64_t height);  // the identity (all zero)

  int64_t width() const { return width_; }
  int64_t height() const { return height_; }
  bool empty() const { return du_.empty(); }
  std::vector<float>& du() { return du_; }
  std::vector<float>& dv() { return dv_; }
  const std::vector<float>& du() const { return du_; }
  const std::vector<float>& dv() const { return dv_; }

  // The displacement at a real position (bilinear, clamped to the grid). Inline: it is the inner
  // loop of composing, inverting and carrying.
  void sample(double u, double v, float& du, float& dv) const {
    const float cu = std::clamp(float(u), 0.0f, float(width_ - 1));
    const float cv = std::clamp(float(v), 0.0f, float(height_ - 1));
    const int64_t u0 = std::min(int64_t(cu), std::max<int64_t>(0, width_ - 2));
    const int64_t v0 = std::min(int64_t(cv), std::max<int64_t>(0, height_ - 2));
    const int64_t su = width_ > 1 ? 1 : 0, sv = height_ > 1 ? width_ : 0;
    const float fu = cu - float(u0), fv = cv - float(v0);
    const size_t i = size_t(v0 * width_ + u0);
    const auto lerp2 = [&](const std::vector<float>& f) {
      const float* p = f.data() + i;
      const float top = p[0] + fu * (p[su] - p[0]);
      const float bottom = p[sv] + fu * (p[sv + su] - p[sv]);
      return top + fv * (bottom - top);
    };
    du = lerp2(du_);
    dv = lerp2(dv_);
  }
  // Where pixel (u, v) lands: (u + du, v + dv).
  void map(int64_t u, int64_t v, double& mu, double& mv) const {
    const size_t i = size_t(v * width_ + u);
    mu = double(u) + double(du_[i]);
    mv = double(v) + double(dv_[i]);
  }
  // The largest displacement length in pixels (0 for the identity).
  float maxLength() const;

  // Following `first` and then `second` (which lives on the grid `first` lands on):
  // x -> x + first(x) + second(x + first(x)).
  static DisplacementField compose(const DisplacementField& first, const DisplacementField& second);
  // The inverse of a smooth, small field by fixed-point iteration of y(x) = -f(x + y(x)).
  static DisplacementField invert(const DisplacementField& f, int iterations = 6);

 private:
  int64_t width_ = 0, height_ = 0;
  std::vector<float> du_, dv_;
};

}  // namespace slicewise
