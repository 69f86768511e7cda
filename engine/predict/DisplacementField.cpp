#include "predict/DisplacementField.h"

#include <algorithm>
#include <cmath>

namespace slicewise {

DisplacementField::DisplacementField(int64_t width, int64_t height)
    : width_(width), height_(height), du_(size_t(width * height), 0.0f),
      dv_(size_t(width * height), 0.0f) {}

float DisplacementField::maxLength() const {
  float m = 0.0f;
  for (size_t i = 0; i < du_.size(); ++i) m = std::max(m, du_[i] * du_[i] + dv_[i] * dv_[i]);
  return std::sqrt(m);
}

DisplacementField DisplacementField::compose(const DisplacementField& first,
                                             const DisplacementField& second) {
  DisplacementField out(first.width_, first.height_);
  for (int64_t v = 0; v < first.height_; ++v)
    for (int64_t u = 0; u < first.width_; ++u) {
      const size_t i = size_t(v * first.width_ + u);
      float su, sv;
      second.sample(double(u) + first.du_[i], double(v) + first.dv_[i], su, sv);
      out.du_[i] = first.du_[i] + su;
      out.dv_[i] = first.dv_[i] + sv;
    }
  return out;
}

DisplacementField DisplacementField::invert(const DisplacementField& f, int iterations) {
  DisplacementField y(f.width_, f.height_);
  for (size_t i = 0; i < y.du_.size(); ++i) {
    y.du_[i] = -f.du_[i];
    y.dv_[i] = -f.dv_[i];
  }
  for (int it = 1; it < iterations; ++it)
    for (int64_t v = 0; v < f.height_; ++v)
      for (int64_t u = 0; u < f.width_; ++u) {
        const size_t i = size_t(v * f.width_ + u);
        float su, sv;
        f.sample(double(u) + y.du_[i], double(v) + y.dv_[i], su, sv);
        y.du_[i] = -su;
        y.dv_[i] = -sv;
      }
  return y;
}

}  // namespace slicewise
