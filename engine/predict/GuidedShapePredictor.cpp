#include "predict/GuidedShapePredictor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <tbb/parallel_for.h>

#include "predict/IntensityQuantiles.h"
#include "predict/IntervalDeformation.h"
#include "predict/KeyDistanceMaps.h"
#include "predict/ShapeClip.h"
#include "predict/ShapeInterpolationPredictor.h"

namespace slicewise {
namespace {

// Where each pixel of a slice lies on the four keys around it (u, v per pixel).
struct CarriedPositions {
  std::vector<float> lowerU, lowerV, upperU, upperV, prevU, prevV, nextU, nextV;
};

CarriedPositions carry(const SlicePlane& p, const DisplacementField& toLower,
                       const DisplacementField& toUpper, const DisplacementField* lowerToPrev,
                       const DisplacementField* upperToNext) {
  CarriedPositions c;
  const size_t n = p.pixelCount();
  c.lowerU.resize(n), c.lowerV.resize(n), c.upperU.resize(n), c.upperV.resize(n);
  if (lowerToPrev) c.prevU.resize(n), c.prevV.resize(n);
  if (upperToNext) c.nextU.resize(n), c.nextV.resize(n);
  for (int64_t v = 0; v < p.height; ++v)
    for (int64_t u = 0; u < p.width; ++u) {
      const size_t i = size_t(v * p.width + u);
      double lu, lv, hu, hv;
      toLower.map(u, v, lu, lv);
      toUpper.map(u, v, hu, hv);
      c.lowerU[i] = float(lu), c.lowerV[i] = float(lv);
      c.upperU[i] = float(hu), c.upperV[i] = float(hv);
      if (lowerToPrev) {
        float du, dv;
        lowerToPrev->sample(lu, lv, du, dv);
        c.prevU[i] = float(lu) + du, c.prevV[i] = float(lv) + dv;
      }
      if (upperToNext) {
        float du, dv;
        upperToNext->sample(hu, hv, du, dv);
        c.nextU[i] = float(hu) + du, c.nextV[i] = float(hv) + dv;
      }
    }
  return c;
}

PixelBox grown(const PixelBox& b, float reach, const SlicePlane& p) {
  if (b.empty()) return b;
  const int64_t r = int64_t(std::ceil(reach)) + 1;
  return {std::max<int64_t>(0, b.u0 - r), std::max<int64_t>(0, b.v0 - r),
          std::min(p.width, b.u1 + r), std::min(p.height, b.v1 + r)};
}

// One slice between keys a and b: every label's carried values blended by the monotone cubic,
// the largest value winning where it is positive or a seam between labels; also how far the
// shapes carried from a and from b agree.
struct SliceBlend {
  std::vector<Label> labels;
  double agreement = 1.0;
};

// The four keys around an interval, their maps and where the outer keys' chains lead.
struct IntervalKeys {
  int64_t a = 0, b = 0;
  double xPrev = 0, xNext = 0;
  std::shared_ptr<const KeyDistanceMaps> lo, hi, prev, next;  // prev, next may be null
  const DisplacementField* lowerToPrev = nullptr;               // on a's grid
  const DisplacementField* upperToNext = nullptr;               // on b's grid
  std::vector<Label> labels;                                    // on a or b
  std::vector<float> clips;                                     // each label's clip
  float clip = 0;                                               // the interval's (gap) clip
};

SliceBlend blendSlice(const SlicePlane& p, const IntervalKeys& k,
                      const IntervalDeformation::SliceFields& f) {
  const size_t n = p.pixelCount();
  const CarriedPositions pos = carry(p, f.toLower, f.toUpper, k.lowerToPrev, k.upperToNext);
  std::vector<float> best(n, -std::numeric_limits<float>::infinity()), bestLo(n, 0.0f),
      bestHi(n, 0.0f);
  std::vector<Label> winner(n, 0), winnerLo(n, 0), winnerHi(n, 0);
  const auto read = [&](const KeyDistanceMaps& m, int index, const std::vector<float>& u,
                        const std::vector<float>& v, size_t px) {
    return m.sampleAt(index, u[px], v[px], p.width, p.height);
  };
  for (size_t li = 0; li < k.labels.size(); ++li) {
    const Label l = k.labels[li];
    const int il = k.lo->indexOf(l), ih = k.hi->indexOf(l);
    const int ip = k.prev ? k.prev->indexOf(l) : -1, in = k.next ? k.next->indexOf(l) : -1;
    const float clip = k.clips[li];
    const float insideClip = ShapeClip::inside(clip);
    const auto clamp = [clip, insideClip](float x) { return std::clamp(x, -clip, insideClip); };
    // Pixels whose carried position can fall in the label's map on either key.
    const PixelBox box =
        grown(k.lo->box(l), f.lowerReach, p).united(grown(k.hi->box(l), f.upperReach, p));
    for (int64_t v = box.v0; v < box.v1; ++v)
      for (int64_t u = box.u0; u < box.u1; ++u) {
        const size_t px = size_t(v * p.width + u);
        const float y1 = clamp(read(*k.lo, il, pos.lowerU, pos.lowerV, px));
        const float y2 = clamp(read(*k.hi, ih, pos.upperU, pos.upperV, px));
        if (y1 > bestLo[px]) bestLo[px] = y1, winnerLo[px] = l;
        if (y2 > bestHi[px]) bestHi[px] = y2, winnerHi[px] = l;
        if (y1 <= 0.0f && y2 <= 0.0f) continue;  // monotone between them: never positive
        const float y0 = k.prev ? clamp(read(*k.prev, ip, pos.prevU, pos.prevV, px)) : 0.0f;
        const float y3 = k.next ? clamp(read(*k.next, in, pos.nextU, pos.nextV, px)) : 0.0f;
        const float value = ShapeInterpolationPredictor::pchip(
            k.xPrev, y0, k.prev != nullptr, double(k.a), y1, double(k.b), y2, k.xNext, y3,
            k.next != nullptr, double(f.slice), -clip);
        if (value > best[px]) best[px] = value, winner[px] = l;
      }
  }
  // A seam between touching labels (every label's value negative, yet inside the union of
  // labels on the keys) goes to the label closest to claiming it, as in shape.
  const float insideClip = ShapeClip::inside(k.clip);
  const auto clamp = [&k, insideClip](float x) { return std::clamp(x, -k.clip, insideClip); };
  const auto background = [&](const KeyDistanceMaps& m, const std::vector<float>& u,
                              const std::vector<float>& v, size_t px) {
    return clamp(m.backgroundSampleAt(u[px], v[px], p.width, p.height));
  };
  for (size_t px = 0; px < n; ++px) {
    if (!winner[px] || best[px] > 0.0f) continue;
    const float y0 = k.prev ? background(*k.prev, pos.prevU, pos.prevV, px) : 0.0f;
    const float y3 = k.next ? background(*k.next, pos.nextU, pos.nextV, px) : 0.0f;
    const float value = ShapeInterpolationPredictor::pchip(
        k.xPrev, y0, k.prev != nullptr, double(k.a), background(*k.lo, pos.lowerU, pos.lowerV, px),
        double(k.b), background(*k.hi, pos.upperU, pos.upperV, px), k.xNext, y3,
        k.next != nullptr, double(f.slice), -k.clip);
    if (!(best[px] > value)) winner[px] = 0;
  }
  return {std::move(winner), KeyedSlicePredictor::sliceDice(winnerLo, winnerHi)};
}

}  // namespace

GuidedShapePredictor::GuidedShapePredictor(Options options) : options_(options) {}

std::string GuidedShapePredictor::parametersJson() const {
  const auto& o = options_.registration;
  return "{\"interpolation\":\"pchip\",\"clip\":\"half depth within gap\","
         "\"registration\":\"symmetric demons\",\"field_sigma\":" +
         std::to_string(o.fieldSigma) + ",\"image_sigma\":" + std::to_string(o.imageSigma) +
         ",\"noise_scale\":" + std::to_string(options_.noiseScale) + ",\"iterations\":" +
         std::to_string(o.iterations) + ",\"finest_iterations\":" +
         std::to_string(o.finestIterations) + "}";
}

void GuidedShapePredictor::fillBetweenKeys(KeySliceJob& job) const {
  const SlicePlane& p = job.plane();
  const size_t n = job.keyCount();
  if (n < 2) return;

  const Volume* image = job.input().image;
  std::optional<IntensityQuantiles> quantiles;
  SliceRegistration::Options ro = options_.registration;
  if (image) {
    quantiles.emplace(*image);
    // Gradients no stronger than the noise's say little about motion: the demons step is
    // damped there, so noise does not drag the labels about.
    ro.noise = options_.noiseScale * quantiles->noise(*image, p);
  }
  const SliceRegistration registration(ro);
  IntervalDeformation::PairRegistration registerPair;
  if (image)
    registerPair = [&](int64_t s) {
      const auto r = registration.align(quantiles->slice(*image, p, s + 1),
                                         quantiles->slice(*image, p, s), p.width, p.height,
                                         p.spacingU, p.spacingV);
      job.extraWorkFinished();
      return r;
    };
  // A block holds about four fields of two floats per slice.
  const int64_t blockPairs =
      std::max<int64_t>(2, int64_t(options_.blockBytes / (32.0 * double(p.pixelCount()))));
  int64_t registrations = 0;
  for (size_t i = 0; i + 1 < n; ++i)
    registrations += IntervalDeformation::registrationCount(job.key(i), job.key(i + 1), blockPairs,
                                                           image != nullptr);
  job.expectExtraWork(registrations);

  // Sliding windows: the maps of keys i-1 .. i+2 and the deformations of intervals i-1 .. i+1
  // around interval i.
  std::map<size_t, std::shared_ptr<const KeyDistanceMaps>> maps;
  std::map<size_t, std::unique_ptr<IntervalDeformation>> deformations;
  const auto mapsOf = [&](size_t k) {
    auto it = maps.find(k);
    if (it == maps.end()) {
      const float clip = ShapeClip::forKey(job.keys(), k, p);
      it = maps.emplace(k, std::make_shared<KeyDistanceMaps>(job.keySlice(k), p, clip,
                                                             ShapeClip::inside(clip), true))
               .first;
    }
    return it->second;
  };
  const auto deformationOf = [&](size_t i) -> IntervalDeformation& {
    auto it = deformations.find(i);
    if (it == deformations.end()) {
      auto d = std::make_unique<IntervalDeformation>(job.key(i), job.key(i + 1), p.width,
                                                     p.height, registerPair, blockPairs,
                                                     [&job] { return job.cancelled(); });
      d->registerPairs();
      it = deformations.emplace(i, std::move(d)).first;
    }
    return *it->second;
  };

  for (size_t i = 0; i + 1 < n && !job.cancelled(); ++i) {
    while (!maps.empty() && maps.begin()->first + 1 < i) maps.erase(maps.begin());
    while (!deformations.empty() && deformations.begin()->first + 1 < i)
      deformations.erase(deformations.begin());
    IntervalDeformation& here = deformationOf(i);
    IntervalKeys k;
    k.a = job.key(i);
    k.b = job.key(i + 1);
    if (k.b - k.a < 2) continue;
    if (i > 0) {
      k.lowerToPrev = &deformationOf(i - 1).upperToLower();
      k.prev = mapsOf(i - 1);
      k.xPrev = double(job.key(i - 1));
    }
    if (i + 2 < n) {
      k.upperToNext = &deformationOf(i + 1).lowerToUpper();
      k.next = mapsOf(i + 2);
      k.xNext = double(job.key(i + 2));
    }
    if (job.cancelled()) break;
    k.lo = mapsOf(i);
    k.hi = mapsOf(i + 1);
    k.clip = ShapeClip::forInterval(job.keys(), i, p);
    std::set_union(k.lo->labels().begin(), k.lo->labels().end(), k.hi->labels().begin(),
                   k.hi->labels().end(), std::back_inserter(k.labels));
    const float matched = float(1.0 - 0.5 * here.unexplained());
    for (Label l : k.labels)
      k.clips.push_back(ShapeClip::forCarriedLabel(
          k.clip, std::max(k.lo->depth(k.lo->indexOf(l)), k.hi->depth(k.hi->indexOf(l))), p));

    here.visitSlices([&](std::vector<IntervalDeformation::SliceFields>& block) {
      tbb::parallel_for(size_t(0), block.size(), [&](size_t bi) {
        if (job.cancelled()) return;
        const int64_t s = block[bi].slice;
        SliceBlend blend = blendSlice(p, k, block[bi]);
        const double dMm = double(std::min(s - k.a, k.b - s)) * p.spacingNormal;
        job.setConfidence(s, interpolatedConfidence(dMm, blend.agreement) * matched);
        job.write(s, std::move(blend.labels));
        job.sliceFinished();
      });
    });
  }
}

}  // namespace slicewise
