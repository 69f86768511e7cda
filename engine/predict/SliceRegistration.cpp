#include "predict/SliceRegistration.h"

#include <algorithm>
#include <cmath>

namespace slicewise {
namespace {

// One pyramid level: both images at that level's resolution and how it relates to the finer one.
struct Level {
  int64_t width = 0, height = 0;
  double spacingU = 1, spacingV = 1;
  int factorU = 1, factorV = 1;  // how many pixels of the finer level one pixel here covers
  std::vector<float> fixed, moving;
};

// Normalised Gaussian weights for sigma (pixels), truncated at 3 sigma; {1} for a tiny sigma.
std::vector<float> gaussianKernel(double sigma) {
  if (sigma < 0.2) return {1.0f};
  const int radius = int(std::ceil(3.0 * sigma));
  std::vector<float> k(size_t(2 * radius + 1));
  double sum = 0;
  for (int i = -radius; i <= radius; ++i) {
    const double w = std::exp(-0.5 * double(i * i) / (sigma * sigma));
    k[size_t(i + radius)] = float(w);
    sum += w;
  }
  for (float& w : k) w = float(double(w) / sum);
  return k;
}

// Separable Gaussian smoothing in place, the border pixel repeated beyond the edge. Each pass
// adds one weighted, shifted copy of a padded row at a time, which the compiler vectorises.
void smooth(std::vector<float>& image, int64_t w, int64_t h, double sigmaU, double sigmaV,
            std::vector<float>& scratch) {
  const auto ku = gaussianKernel(sigmaU), kv = gaussianKernel(sigmaV);
  const int64_t ru = int64_t(ku.size() / 2), rv = int64_t(kv.size() / 2);
  scratch.resize(image.size());
  if (ru > 0) {
    std::vector<float> padded(size_t(w + 2 * ru));
    for (int64_t v = 0; v < h; ++v) {
      float* row = image.data() + v * w;
      std::fill(padded.begin(), padded.begin() + ru, row[0]);
      std::copy(row, row + w, padded.begin() + ru);
      std::fill(padded.begin() + ru + w, padded.end(), row[w - 1]);
      float* out = scratch.data() + v * w;
      std::fill(out, out + w, 0.0f);
      for (int64_t i = 0; i <= 2 * ru; ++i) {
        const float k = ku[size_t(i)];
        const float* src = padded.data() + i;
        for (int64_t u = 0; u < w; ++u) out[u] += k * src[u];
      }
    }
    image.swap(scratch);
  }
  if (rv > 0) {
    for (int64_t v = 0; v < h; ++v) {
      float* out = scratch.data() + v * w;
      std::fill(out, out + w, 0.0f);
      for (int64_t i = -rv; i <= rv; ++i) {
        const float* row = image.data() + std::clamp<int64_t>(v + i, 0, h - 1) * w;
        const float k = kv[size_t(i + rv)];
        for (int64_t u = 0; u < w; ++u) out[u] += k * row[u];
      }
    }
    image.swap(scratch);
  }
}

// The mean of each fu x fv block (the last block repeats the border pixel).
std::vector<float> downsample(const std::vector<float>& in, int64_t w, int64_t h, int fu, int fv,
                              int64_t nw, int64_t nh) {
  std::vector<float> out(size_t(nw * nh));
  const float scale = 1.0f / float(fu * fv);
  for (int64_t v = 0; v < nh; ++v)
    for (int64_t u = 0; u < nw; ++u) {
      float s = 0;
      for (int dv = 0; dv < fv; ++dv)
        for (int du = 0; du < fu; ++du) {
          const int64_t su = std::min(u * fu + du, w - 1), sv = std::min(v * fv + dv, h - 1);
          s += in[size_t(sv * w + su)];
        }
      out[size_t(v * nw + u)] = s * scale;
    }
  return out;
}

// Bilinear read of an image at a real position, clamped to the grid.
inline float bilinear(const float* img, int64_t w, int64_t h, float u, float v) {
  u = std::clamp(u, 0.0f, float(w - 1));
  v = std::clamp(v, 0.0f, float(h - 1));
  const int64_t u0 = std::min(int64_t(u), w - 2 < 0 ? 0 : w - 2);
  const int64_t v0 = std::min(int64_t(v), h - 2 < 0 ? 0 : h - 2);
  const int64_t du = w > 1 ? 1 : 0, dv = h > 1 ? w : 0;
  const float fu = u - float(u0), fv = v - float(v0);
  const float* p = img + v0 * w + u0;
  const float top = p[0] + fu * (p[du] - p[0]), bottom = p[dv] + fu * (p[dv + du] - p[dv]);
  return top + fv * (bottom - top);
}

void warp(const std::vector<float>& img, const DisplacementField& f, std::vector<float>& out) {
  const int64_t w = f.width(), h = f.height();
  out.resize(img.size());
  const float* du = f.du().data();
  const float* dv = f.dv().data();
  for (int64_t v = 0; v < h; ++v)
    for (int64_t u = 0; u < w; ++u) {
      const size_t i = size_t(v * w + u);
      out[i] = bilinear(img.data(), w, h, float(u) + du[i], float(v) + dv[i]);
    }
}

std::vector<float> warp(const std::vector<float>& img, const DisplacementField& f) {
  std::vector<float> out;
  warp(img, f, out);
  return out;
}

// Central differences (one-sided at the border), in pixels, of a whole image.
void gradients(const std::vector<float>& img, int64_t w, int64_t h, std::vector<float>& gu,
               std::vector<float>& gv) {
  gu.resize(img.size());
  gv.resize(img.size());
  for (int64_t v = 0; v < h; ++v) {
    const float* row = img.data() + v * w;
    float* out = gu.data() + v * w;
    if (w < 2) {
      out[0] = 0.0f;
    } else {
      out[0] = row[1] - row[0];
      for (int64_t u = 1; u + 1 < w; ++u) out[u] = 0.5f * (row[u + 1] - row[u - 1]);
      out[w - 1] = row[w - 1] - row[w - 2];
    }
    const float* up = img.data() + std::max<int64_t>(v - 1, 0) * w;
    const float* down = img.data() + std::min(v + 1, h - 1) * w;
    const int64_t span = std::min(v + 1, h - 1) - std::max<int64_t>(v - 1, 0);
    const float scale = span > 0 ? 1.0f / float(span) : 0.0f;
    float* outV = gv.data() + v * w;
    for (int64_t u = 0; u < w; ++u) outV[u] = scale * (down[u] - up[u]);
  }
}

double meanAbsDifference(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += std::abs(double(a[i]) - double(b[i]));
  return a.empty() ? 0.0 : s / double(a.size());
}

// The field on a finer level from the one on the coarser level above it.
DisplacementField upsample(const DisplacementField& coarse, const Level& fine, int fu, int fv) {
  DisplacementField out(fine.width, fine.height);
  for (int64_t v = 0; v < fine.height; ++v)
    for (int64_t u = 0; u < fine.width; ++u) {
      float du, dv;
      coarse.sample((double(u) + 0.5) / fu - 0.5, (double(v) + 0.5) / fv - 0.5, du, dv);
      const size_t i = size_t(v * fine.width + u);
      out.du()[i] = du * float(fu);
      out.dv()[i] = dv * float(fv);
    }
  return out;
}

}  // namespace

SliceRegistration::Result SliceRegistration::align(const std::vector<float>& fixed,
                                                   const std::vector<float>& moving, int64_t width,
                                                   int64_t height, double spacingU,
                                                   double spacingV) const {
  const Options& o = options_;
  std::vector<Level> levels(1);
  levels[0] = {width, height, spacingU, spacingV, 1, 1, fixed, moving};
  for (;;) {
    const Level& top = levels.back();
    // Halve the finer axis first, so the pyramid's pixels grow towards square.
    const bool halveU = top.width >= 2 * o.minLevelSize && top.spacingU <= 1.5 * top.spacingV;
    const bool halveV = top.height >= 2 * o.minLevelSize && top.spacingV <= 1.5 * top.spacingU;
    if (!halveU && !halveV) break;
    Level next;
    next.factorU = halveU ? 2 : 1;
    next.factorV = halveV ? 2 : 1;
    next.width = (top.width + next.factorU - 1) / next.factorU;
    next.height = (top.height + next.factorV - 1) / next.factorV;
    next.spacingU = top.spacingU * next.factorU;
    next.spacingV = top.spacingV * next.factorV;
    next.fixed = downsample(top.fixed, top.width, top.height, next.factorU, next.factorV,
                            next.width, next.height);
    next.moving = downsample(top.moving, top.width, top.height, next.factorU, next.factorV,
                             next.width, next.height);
    levels.push_back(std::move(next));
  }

  std::vector<float> scratch;
  DisplacementField field;
  for (size_t li = levels.size(); li-- > 0;) {
    Level& L = levels[li];
    const int64_t w = L.width, h = L.height;
    const double finer = std::min(L.spacingU, L.spacingV);
    const double su = finer / L.spacingU, sv = finer / L.spacingV;  // sigma scale per axis
    if (o.imageSigma > 0) {
      smooth(L.fixed, w, h, o.imageSigma * su, o.imageSigma * sv, scratch);
      smooth(L.moving, w, h, o.imageSigma * su, o.imageSigma * sv, scratch);
    }
    if (field.empty())
      field = DisplacementField(w, h);
    else
      field = upsample(field, L, levels[li + 1].factorU, levels[li + 1].factorV);

    const float eps2 = float(o.noise * o.noise);
    std::vector<float> gu, gv, wu, wv, warped;
    gradients(L.fixed, w, h, gu, gv);
    std::vector<float> upU(size_t(w * h)), upV(size_t(w * h));
    const int iterations = li == 0 ? o.finestIterations : o.iterations;
    for (int it = 0; it < iterations; ++it) {
      warp(L.moving, field, warped);
      gradients(warped, w, h, wu, wv);
      for (size_t i = 0; i < warped.size(); ++i) {
        const float diff = warped[i] - L.fixed[i];
        // Symmetric forces: the mean of both images' gradients.
        const float g1 = 0.5f * (gu[i] + wu[i]), g2 = 0.5f * (gv[i] + wv[i]);
        const float denom = g1 * g1 + g2 * g2 + diff * diff + eps2;
        // The step is at most half a pixel (where |gradient| = |difference|); none where the
        // images already agree.
        const float scale = (denom > 1e-10f && std::abs(diff) > 1e-4f) ? -diff / denom : 0.0f;
        upU[i] = scale * g1;
        upV[i] = scale * g2;
      }
      if (o.updateSigma > 0) {
        smooth(upU, w, h, o.updateSigma * su, o.updateSigma * sv, scratch);
        smooth(upV, w, h, o.updateSigma * su, o.updateSigma * sv, scratch);
      }
      for (size_t i = 0; i < upU.size(); ++i) {
        field.du()[i] += upU[i];
        field.dv()[i] += upV[i];
      }
      if (o.fieldSigma > 0) {
        smooth(field.du(), w, h, o.fieldSigma * su, o.fieldSigma * sv, scratch);
        smooth(field.dv(), w, h, o.fieldSigma * su, o.fieldSigma * sv, scratch);
      }
    }
  }
  Result r;
  r.differenceBefore = meanAbsDifference(moving, fixed);
  r.differenceAfter = meanAbsDifference(warp(moving, field), fixed);
  r.field = std::move(field);
  return r;
}

}  // namespace slicewise
