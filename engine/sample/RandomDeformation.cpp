#include "sample/RandomDeformation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

namespace slicewise {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Uniform in [-1, 1] from the engine's raw bits (std distributions differ between libraries).
double symmetric(std::mt19937_64& random) { return double(random() >> 11) * 0x1.0p-53 * 2.0 - 1.0; }

// Cubic B-spline weights of the four control points around fractional position t in [0, 1).
std::array<double, 4> bspline(double t) {
  const double s = 1.0 - t;
  return {s * s * s / 6.0, (3 * t * t * t - 6 * t * t + 4) / 6.0, (-3 * t * t * t + 3 * t * t + 3 * t + 1) / 6.0,
          t * t * t / 6.0};
}

// A cubic B-spline of independent control values has about 0.354 of their standard deviation
// (the weights' squares sum to ~1/2 per axis); control values are scaled up to make up for it.
constexpr double kSplineStdRatio = 0.3536;

bool integral(double x) { return std::abs(x - std::round(x)) < 1e-9; }

}  // namespace

RandomDeformation::RandomDeformation(const ImageGeometry& geometry, const DeformationAmplitude& a, uint64_t seed)
    : geometry_(geometry), amplitude_(a) {
  std::mt19937_64 random(seed);
  const double degrees = kPi / 180.0;
  const double ax = symmetric(random) * a.rotationDegrees * degrees;
  const double ay = symmetric(random) * a.rotationDegrees * degrees;
  const double az = symmetric(random) * a.rotationDegrees * degrees;
  const double scale = 1.0 + symmetric(random) * a.scale;
  const std::array<double, 9> rx{1, 0, 0, 0, std::cos(ax), -std::sin(ax), 0, std::sin(ax), std::cos(ax)};
  const std::array<double, 9> ry{std::cos(ay), 0, std::sin(ay), 0, 1, 0, -std::sin(ay), 0, std::cos(ay)};
  const std::array<double, 9> rz{std::cos(az), -std::sin(az), 0, std::sin(az), std::cos(az), 0, 0, 0, 1};
  const auto multiply = [](const std::array<double, 9>& l, const std::array<double, 9>& r) {
    std::array<double, 9> out{};
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        for (int k = 0; k < 3; ++k) out[size_t(3 * i + j)] += l[size_t(3 * i + k)] * r[size_t(3 * k + j)];
    return out;
  };
  matrix_ = multiply(multiply(rz, ry), rx);
  for (double& m : matrix_) m /= scale;  // output grows by `scale`: the source point shrinks
  gain_ = 1.0 + symmetric(random) * a.gain;
  gamma_ = std::exp(symmetric(random) * a.gamma);

  // Control points every controlSpacingMm over the extent, one more beyond each end for the
  // spline's support.
  const double spacing = std::max(1e-3, a.controlSpacingMm);
  for (size_t d = 0; d < 3; ++d) {
    const double extent = double(std::max<int64_t>(1, geometry.size[d]) - 1) * geometry.spacing[d];
    nodes_[d] = int64_t(std::ceil(extent / spacing)) + 4;
  }
  const double nodeStd = a.displacementMm / kSplineStdRatio;
  field_.resize(size_t(nodes_[0] * nodes_[1] * nodes_[2] * 3));
  for (double& f : field_) f = symmetric(random) * nodeStd * std::sqrt(3.0);  // uniform with std nodeStd
}

std::array<double, 3> RandomDeformation::displacement(const std::array<double, 3>& mm) const {
  if (amplitude_.displacementMm == 0) return {0, 0, 0};
  const double spacing = std::max(1e-3, amplitude_.controlSpacingMm);
  std::array<std::array<double, 4>, 3> w{};
  std::array<int64_t, 3> base{};
  for (size_t d = 0; d < 3; ++d) {
    const double g = std::clamp(mm[d] / spacing, 0.0, double(nodes_[d] - 4)) + 1.0;  // node 1 sits at 0 mm
    base[d] = std::min<int64_t>(int64_t(std::floor(g)), nodes_[d] - 3);
    w[d] = bspline(g - double(base[d]));
  }
  std::array<double, 3> out{0, 0, 0};
  for (int c = 0; c < 4; ++c)
    for (int b = 0; b < 4; ++b)
      for (int a = 0; a < 4; ++a) {
        const double weight = w[0][size_t(a)] * w[1][size_t(b)] * w[2][size_t(c)];
        const int64_t x = base[0] - 1 + a, y = base[1] - 1 + b, z = base[2] - 1 + c;
        const size_t at = size_t(((z * nodes_[1] + y) * nodes_[0] + x) * 3);
        for (size_t d = 0; d < 3; ++d) out[d] += weight * field_[at + d];
      }
  return out;
}

std::array<double, 3> RandomDeformation::source(int64_t i, int64_t j, int64_t k) const {
  const Index3& n = geometry_.size;
  const Vec3& sp = geometry_.spacing;
  const std::array<double, 3> index{double(i), double(j), double(k)};
  std::array<double, 3> centred{}, mm{};
  for (size_t d = 0; d < 3; ++d) {
    mm[d] = index[d] * sp[d];
    centred[d] = (index[d] - 0.5 * double(n[d] - 1)) * sp[d];
  }
  const std::array<double, 3> shift = displacement(mm);
  std::array<double, 3> out{};
  for (size_t r = 0; r < 3; ++r) {
    double q = shift[r];
    for (size_t c = 0; c < 3; ++c) q += matrix_[3 * r + c] * centred[c];
    out[r] = q / sp[r] + 0.5 * double(n[r] - 1);
    if (integral(out[r])) out[r] = std::round(out[r]);
  }
  return out;
}

Volume RandomDeformation::apply(const Volume& image) const {
  if (image.geometry().size != geometry_.size) throw std::invalid_argument("the volume's size is not the deformation's");
  const Index3& n = geometry_.size;
  const bool intensity = amplitude_.gain != 0 || amplitude_.gamma != 0;
  return image.visit([&](const auto& in) {
    using T = typename std::decay_t<decltype(in)>::value_type;
    double low = std::numeric_limits<double>::max(), high = std::numeric_limits<double>::lowest();
    for (const T v : in) {
      if (!std::isfinite(double(v))) continue;
      low = std::min(low, double(v));
      high = std::max(high, double(v));
    }
    const double range = high > low ? high - low : 1.0;
    std::vector<T> out(in.size());
    size_t o = 0;
    for (int64_t k = 0; k < n[2]; ++k)
      for (int64_t j = 0; j < n[1]; ++j)
        for (int64_t i = 0; i < n[0]; ++i) {
          const auto s = source(i, j, k);
          std::array<int64_t, 3> lo{};
          std::array<double, 3> f{};
          for (size_t d = 0; d < 3; ++d) {
            const double x = std::clamp(s[d], 0.0, double(n[d] - 1));
            lo[d] = std::min<int64_t>(int64_t(std::floor(x)), n[d] - 1);
            f[d] = x - double(lo[d]);
          }
          double value = 0;
          for (int c = 0; c < 2; ++c)
            for (int b = 0; b < 2; ++b)
              for (int a = 0; a < 2; ++a) {
                const double w = (a ? f[0] : 1 - f[0]) * (b ? f[1] : 1 - f[1]) * (c ? f[2] : 1 - f[2]);
                if (w == 0) continue;
                const int64_t x = std::min(lo[0] + a, n[0] - 1), y = std::min(lo[1] + b, n[1] - 1),
                              z = std::min(lo[2] + c, n[2] - 1);
                value += w * double(in[geometry_.linearIndex(x, y, z)]);
              }
          if (intensity && std::isfinite(value))
            value = low + gain_ * range * std::pow(std::clamp((value - low) / range, 0.0, 1.0), gamma_);
          if constexpr (std::is_integral_v<T>)
            out[o++] = T(std::clamp(std::round(value), double(std::numeric_limits<T>::min()),
                                    double(std::numeric_limits<T>::max())));
          else
            out[o++] = T(value);
        }
    return Volume(geometry_, std::move(out));
  });
}

LabelVolume RandomDeformation::apply(const LabelVolume& labels) const {
  if (labels.geometry().size != geometry_.size) throw std::invalid_argument("the labels' size is not the deformation's");
  const Index3& n = geometry_.size;
  LabelVolume out(geometry_);
  for (int64_t k = 0; k < n[2]; ++k)
    for (int64_t j = 0; j < n[1]; ++j)
      for (int64_t i = 0; i < n[0]; ++i) {
        const auto s = source(i, j, k);
        std::array<int64_t, 3> at{};
        for (size_t d = 0; d < 3; ++d) at[d] = std::clamp<int64_t>(std::llround(s[d]), 0, n[d] - 1);
        out.set(i, j, k, labels.at(at[0], at[1], at[2]));
      }
  return out;
}

}  // namespace slicewise
