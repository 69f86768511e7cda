#include "predict/DistanceTransform.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace slicewise {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Runs squaredLine over every line of a buffer along one dimension (stride between elements,
// `lines` start offsets) in place.
void transformAlong(std::vector<double>& buf, int64_t n, size_t stride,
                    const std::vector<size_t>& lineStarts, double spacing) {
  std::vector<double> in(static_cast<size_t>(n)), out(static_cast<size_t>(n)), scratch;
  for (size_t start : lineStarts) {
    bool any = false;
    for (int64_t i = 0; i < n; ++i) {
      in[size_t(i)] = buf[start + size_t(i) * stride];
      any = any || in[size_t(i)] < kInf;
    }
    if (!any) continue;  // nothing to propagate along this line
    DistanceTransform::squaredLine(in.data(), n, spacing, out.data(), scratch);
    for (int64_t i = 0; i < n; ++i) buf[start + size_t(i) * stride] = out[size_t(i)];
  }
}

}  // namespace

void DistanceTransform::squaredLine(const double* f, int64_t n, double s, double* out,
                                    std::vector<double>& scratch) {
  // scratch holds the envelope's parabola sites (v) and the boundaries between them (z).
  scratch.resize(size_t(2 * n + 1));
  double* v = scratch.data();
  double* z = scratch.data() + n;
  int64_t k = -1;
  for (int64_t q = 0; q < n; ++q) {
    if (!(f[q] < kInf)) continue;
    const double xq = double(q) * s, hq = f[q] + xq * xq;
    while (k >= 0) {
      const double xv = v[k] * s, hv = f[int64_t(v[k])] + xv * xv;
      const double cross = (hq - hv) / (2.0 * (xq - xv));
      if (cross <= z[k]) {
        --k;
        continue;
      }
      ++k;
      v[k] = double(q);
      z[k] = cross;
      break;
    }
    if (k < 0) {
      k = 0;
      v[0] = double(q);
      z[0] = -kInf;
    }
  }
  if (k < 0) {
    std::fill(out, out + n, kInf);
    return;
  }
  int64_t j = 0;
  for (int64_t q = 0; q < n; ++q) {
    const double x = double(q) * s;
    while (j < k && z[j + 1] < x) ++j;
    const double d = x - v[j] * s;
    out[q] = d * d + f[int64_t(v[j])];
  }
}

std::vector<float> DistanceTransform::squared2D(const uint8_t* feature, int64_t w, int64_t h,
                                                double su, double sv) {
  const std::array<int64_t, 3> size{w, h, 1};
  return squared3D(feature, size, {su, sv, 1.0});
}

std::vector<float> DistanceTransform::squared3D(const uint8_t* feature,
                                                const std::array<int64_t, 3>& size,
                                                const std::array<double, 3>& spacing) {
  const size_t count = size_t(size[0]) * size_t(size[1]) * size_t(size[2]);
  std::vector<double> buf(count);
  for (size_t i = 0; i < count; ++i) buf[i] = feature[i] ? 0.0 : kInf;
  const std::array<size_t, 3> stride{1, size_t(size[0]), size_t(size[0]) * size_t(size[1])};
  for (int d = 0; d < 3; ++d) {
    if (size[size_t(d)] <= 1) continue;
    std::vector<size_t> starts;
    starts.reserve(count / size_t(size[size_t(d)]));
    const int a = (d + 1) % 3, b = (d + 2) % 3;
    for (int64_t j = 0; j < size[size_t(b)]; ++j)
      for (int64_t i = 0; i < size[size_t(a)]; ++i)
        starts.push_back(size_t(i) * stride[size_t(a)] + size_t(j) * stride[size_t(b)]);
    transformAlong(buf, size[size_t(d)], stride[size_t(d)], starts, spacing[size_t(d)]);
  }
  std::vector<float> out(count);
  for (size_t i = 0; i < count; ++i) out[i] = float(buf[i]);
  return out;
}

float DistanceTransform::clippedSigned2D(const uint8_t* inside, int64_t w, int64_t h, double su,
                                         double sv, float clip, float* out) {
  return clippedSigned2D(inside, w, h, su, sv, clip, clip, out);
}

float DistanceTransform::clippedSigned2D(const uint8_t* inside, int64_t w, int64_t h, double su,
                                         double sv, float clip, float insideClip, float* out) {
  const size_t count = size_t(w) * size_t(h);
  std::vector<uint8_t> outside(count);
  for (size_t i = 0; i < count; ++i) outside[i] = inside[i] ? 0 : 1;
  const std::vector<float> toInside = squared2D(inside, w, h, su, sv);
  const std::vector<float> toOutside = squared2D(outside.data(), w, h, su, sv);
  // The boundary runs half a pixel from the centres on either side of it.
  const float half = float(0.5 * std::min(su, sv));
  float depth = -clip;
  for (size_t i = 0; i < count; ++i) {
    if (inside[i]) {
      const float d = std::sqrt(toOutside[i]) - half;
      depth = std::max(depth, d);
      out[i] = std::min(insideClip, d);
    } else {
      out[i] = std::max(-clip, half - std::sqrt(toInside[i]));
    }
  }
  // A mask without any outside pixel has no finite depth: the clip stands for it.
  return std::isfinite(depth) ? depth : insideClip;
}

void DistanceTransform::smoothHalfPixel(float* values, int64_t w, int64_t h) {
  const auto pass = [](float* line, int64_t n, size_t stride, std::vector<float>& copy) {
    if (n < 2) return;
    copy.resize(size_t(n));
    for (int64_t i = 0; i < n; ++i) copy[size_t(i)] = line[size_t(i) * stride];
    for (int64_t i = 0; i < n; ++i) {
      const float before = copy[size_t(std::max<int64_t>(0, i - 1))];
      const float after = copy[size_t(std::min(n - 1, i + 1))];
      line[size_t(i) * stride] = 0.75f * copy[size_t(i)] + 0.125f * (before + after);
    }
  };
  std::vector<float> copy;
  for (int64_t v = 0; v < h; ++v) pass(values + size_t(v * w), w, 1, copy);
  for (int64_t u = 0; u < w; ++u) pass(values + size_t(u), h, size_t(w), copy);
}

}  // namespace slicewise
