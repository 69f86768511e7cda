#include "select/SsimMatrix.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <vector>

// The pair kernel is compiled twice, for AVX2/FMA machines and for any x86-64; the loader picks.
// Not under ThreadSanitizer: the loader runs the (instrumented) picker before TSan's runtime is up.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define SLICEWISE_SIMD_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define SLICEWISE_SIMD_CLONES
#endif

namespace slicewise {

std::array<float, SsimMatrix::kWindow> SsimMatrix::window() {
  std::array<double, kWindow> g{};
  double sum = 0;
  for (int t = 0; t < kWindow; ++t) {
    const double d = t - kWindow / 2;
    g[size_t(t)] = std::exp(-d * d / (2 * kSigma * kSigma));
    sum += g[size_t(t)];
  }
  std::array<float, kWindow> w{};
  for (int t = 0; t < kWindow; ++t) w[size_t(t)] = float(g[size_t(t)] / sum);
  return w;
}

namespace {

constexpr int kW = SsimMatrix::kWindow;

struct Geometry {
  int width, height, outWidth, outHeight;
};

// out[c] = sum_t w[t] * in[c + t] for c < outWidth. All 11 taps in one expression, so each
// vector of outputs stays in a register (one store, not eleven) and the loop vectorises.
inline void filterRow(const float* __restrict in, float* __restrict out, int outWidth,
                      const float* __restrict w) {
  const float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6],
              w7 = w[7], w8 = w[8], w9 = w[9], w10 = w[10];
  for (int c = 0; c < outWidth; ++c) {
    const float* __restrict p = in + c;
    out[c] = w0 * p[0] + w1 * p[1] + w2 * p[2] + w3 * p[3] + w4 * p[4] + w5 * p[5] + w6 * p[6] +
             w7 * p[7] + w8 * p[8] + w9 * p[9] + w10 * p[10];
  }
}

// out[c] = sum_t w[t] * ring row (first + t) mod 11 [c].
inline void verticalSum(const float* ring, int first, int outWidth, const float* __restrict w,
                        float* __restrict out) {
  const float* __restrict r0 = ring + size_t(first % kW) * size_t(outWidth);
  const float* __restrict r1 = ring + size_t((first + 1) % kW) * size_t(outWidth);
  const float* __restrict r2 = ring + size_t((first + 2) % kW) * size_t(outWidth);
  const float* __restrict r3 = ring + size_t((first + 3) % kW) * size_t(outWidth);
  const float* __restrict r4 = ring + size_t((first + 4) % kW) * size_t(outWidth);
  const float* __restrict r5 = ring + size_t((first + 5) % kW) * size_t(outWidth);
  const float* __restrict r6 = ring + size_t((first + 6) % kW) * size_t(outWidth);
  const float* __restrict r7 = ring + size_t((first + 7) % kW) * size_t(outWidth);
  const float* __restrict r8 = ring + size_t((first + 8) % kW) * size_t(outWidth);
  const float* __restrict r9 = ring + size_t((first + 9) % kW) * size_t(outWidth);
  const float* __restrict r10 = ring + size_t((first + 10) % kW) * size_t(outWidth);
  const float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6],
              w7 = w[7], w8 = w[8], w9 = w[9], w10 = w[10];
  for (int c = 0; c < outWidth; ++c)
    out[c] = w0 * r0[c] + w1 * r1[c] + w2 * r2[c] + w3 * r3[c] + w4 * r4[c] + w5 * r5[c] +
             w6 * r6[c] + w7 * r7[c] + w8 * r8[c] + w9 * r9[c] + w10 * r10[c];
}

// Windowed mean of x*y over the valid region, one output row at a time, then `rowDone(row, v)`.
// Rows of the horizontally filtered product live in a ring of 11 rows.
template <class RowDone>
inline void windowedProduct(const float* x, const float* y, const Geometry& g, const float* w,
                            float* product, float* ring, float* vertical, RowDone&& rowDone) {
  const int ow = g.outWidth;
  for (int r = 0; r < g.height; ++r) {
    const float* xr = x + size_t(r) * size_t(g.width);
    const float* yr = y + size_t(r) * size_t(g.width);
    for (int c = 0; c < g.width; ++c) product[c] = xr[c] * yr[c];
    filterRow(product, ring + size_t(r % kW) * size_t(ow), ow, w);
    if (r < kW - 1) continue;
    const int o = r - (kW - 1);
    verticalSum(ring, o, ow, w, vertical);
    rowDone(o, vertical);  // may overwrite `vertical`
  }
}

struct Scratch {
  std::vector<float> product, ring, vertical, columnSum;
  explicit Scratch(const Geometry& g)
      : product(size_t(g.width)), ring(size_t(kW) * size_t(g.outWidth)), vertical(size_t(g.outWidth)),
        columnSum(size_t(g.outWidth)) {}
};

// Windowed mean and variance of one (mean-free) slice.
void slicePrep(const float* x, const Geometry& g, const float* w, float* mu, float* var) {
  Scratch s(g);
  const size_t ow = size_t(g.outWidth);
  // Mean: the product with a slice of ones is the slice itself.
  std::vector<float> ones(size_t(g.width) * size_t(g.height), 1.0f);
  windowedProduct(x, ones.data(), g, w, s.product.data(), s.ring.data(), s.vertical.data(),
                  [&](int o, float* v) { std::copy(v, v + ow, mu + size_t(o) * ow); });
  windowedProduct(x, x, g, w, s.product.data(), s.ring.data(), s.vertical.data(),
                  [&](int o, float* v) {
                    float* out = var + size_t(o) * ow;
                    const float* m = mu + size_t(o) * ow;
                    for (size_t c = 0; c < ow; ++c) out[c] = v[c] - m[c] * m[c];
                  });
}

SLICEWISE_SIMD_CLONES
double pairMeanSsim(const float* x, const float* y, const float* muX, const float* muY,
                    const float* varX, const float* varY, float offsetX, float offsetY,
                    const Geometry& g, const float* w, Scratch& s, float c1, float c2) {
  const size_t ow = size_t(g.outWidth);
  // Per-column sums (a vector add per row); a running float sum would not vectorise.
  float* __restrict columnSum = s.columnSum.data();
  std::fill(columnSum, columnSum + ow, 0.0f);
  windowedProduct(x, y, g, w, s.product.data(), s.ring.data(), s.vertical.data(),
                  [&](int o, float* exy) {
                    const size_t base = size_t(o) * ow;
                    const float *cx = muX + base, *cy = muY + base, *vx = varX + base, *vy = varY + base;
                    for (size_t c = 0; c < ow; ++c) {
                      const float cov = exy[c] - cx[c] * cy[c];
                      const float mx = cx[c] + offsetX, my = cy[c] + offsetY;
                      const float num = (2 * mx * my + c1) * (2 * cov + c2);
                      const float den = (mx * mx + my * my + c1) * (vx[c] + vy[c] + c2);
                      columnSum[c] += num / den;
                    }
                  });
  double total = 0;
  for (size_t c = 0; c < ow; ++c) total += columnSum[c];
  return total / double(ow * size_t(g.outHeight));
}

}  // namespace

Eigen::MatrixXf SsimMatrix::compute(const Volume& volume, SliceAxis axis) {
  return compute(SliceStack::extractForComparison(volume, axis));
}

Eigen::MatrixXf SsimMatrix::compute(const SliceStack& scaledStack) {
  // Each slice minus its own mean: variances and covariances are the same, but E[x^2] - E[x]^2
  // no longer cancels in float for bright slices. The means come back for the luminance term.
  SliceStack stack = scaledStack;
  std::vector<float> offset(size_t(stack.count));
  tbb::parallel_for(int64_t(0), stack.count, [&](int64_t i) {
    float* x = stack.values.data() + size_t(i) * stack.pixels();
    double sum = 0;
    for (size_t p = 0; p < stack.pixels(); ++p) sum += x[p];
    offset[size_t(i)] = float(sum / double(stack.pixels()));
    for (size_t p = 0; p < stack.pixels(); ++p) x[p] -= offset[size_t(i)];
  });

  if (stack.width < kW || stack.height < kW)
    throw std::invalid_argument("SSIM needs slices of at least 11 x 11 pixels, these are " +
                                std::to_string(stack.width) + " x " + std::to_string(stack.height));
  const Geometry g{int(stack.width), int(stack.height), int(stack.width) - (kW - 1),
                   int(stack.height) - (kW - 1)};
  const auto w = window();
  const int64_t n = stack.count;
  const size_t outPixels = size_t(g.outWidth) * size_t(g.outHeight);
  std::vector<float> mu(outPixels * size_t(n)), var(outPixels * size_t(n));
  tbb::parallel_for(int64_t(0), n, [&](int64_t i) {
    slicePrep(stack.slice(i), g, w.data(), mu.data() + size_t(i) * outPixels,
              var.data() + size_t(i) * outPixels);
  });

  std::vector<std::pair<int32_t, int32_t>> pairs;
  pairs.reserve(size_t(n * (n - 1) / 2));
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = i + 1; j < n; ++j) pairs.emplace_back(int32_t(i), int32_t(j));

  const float c1 = float(kK1 * kK1), c2 = float(kK2 * kK2);  // L = 1 after scaling
  Eigen::MatrixXf s = Eigen::MatrixXf::Identity(n, n);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, pairs.size(), 8), [&](const tbb::blocked_range<size_t>& range) {
    Scratch scratch(g);
    for (size_t p = range.begin(); p != range.end(); ++p) {
      const auto [i, j] = pairs[p];
      const size_t oi = size_t(i) * outPixels, oj = size_t(j) * outPixels;
      const float v = float(pairMeanSsim(stack.slice(i), stack.slice(j), mu.data() + oi,
                                         mu.data() + oj, var.data() + oi, var.data() + oj,
                                         offset[size_t(i)], offset[size_t(j)], g, w.data(), scratch,
                                         c1, c2));
      s(i, j) = v;
      s(j, i) = v;
    }
  });
  return s;
}

}  // namespace slicewise
