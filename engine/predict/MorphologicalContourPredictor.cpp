#include "predict/MorphologicalContourPredictor.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <numeric>
#include <tbb/parallel_for.h>

#include "predict/DistanceTransform.h"
#include "predict/MorphologicalMedian.h"
#include "predict/SliceComponents.h"

namespace slicewise {
namespace {

// How one shape of one label evolves between two keys: a matched pair's interpolation or a
// one-key shape's erosion, on a canvas whose centre travels from `from` to `to` (slice pixels).
struct ShapePlan {
  Label label = 0;
  int64_t width = 0, height = 0, centreU = 0, centreV = 0;
  double fromU = 0, fromV = 0, toU = 0, toV = 0;
  std::unique_ptr<MorphologicalMedian::Interpolation> between;
  std::unique_ptr<MorphologicalMedian::Erosion> erosion;
  bool fromLower = true;
};

// Plans every label's shapes between two keys once, then renders any slice between them: only
// the plans (about the size of the shapes) and the slice being rendered are held, so the memory
// does not grow with the gap between keys.
class IntervalPlan {
 public:
  IntervalPlan(const SlicePlane& p, int64_t a, int64_t b, const std::vector<Label>& lower,
               const std::vector<Label>& upper)
      : p_(p), a_(a), b_(b), lower_(lower), upper_(upper) {}

  void label(Label l) {
    const auto compsA = labelComponents(lower_, p_.width, p_.height, l);
    const auto compsB = labelComponents(upper_, p_.width, p_.height, l);
    const size_t n = compsA.size(), m = compsB.size();
    // Union-find over the components of both keys (A first, then B).
    std::vector<size_t> parent(n + m);
    std::iota(parent.begin(), parent.end(), size_t(0));
    const std::function<size_t(size_t)> root = [&](size_t i) {
      return parent[i] == i ? i : parent[i] = root(parent[i]);
    };
    std::vector<uint8_t> linked(n + m, 0);
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < m; ++j)
        if (compsA[i].overlap(compsB[j]) > 0) {
          parent[root(i)] = root(n + j);
          linked[i] = linked[n + j] = 1;
        }
    const std::vector<uint8_t> directA(linked.begin(), linked.begin() + long(n));
    for (size_t i = 0; i < n; ++i) {
      if (linked[i]) continue;
      double bestScore = 0;
      size_t best = m;
      for (size_t j = 0; j < m; ++j) {
        if (linked[n + j]) continue;
        const double score = alignedOverlap(compsA[i], compsB[j]);
        if (score > bestScore) {
          bestScore = score;
          best = j;
        }
      }
      if (best < m && bestScore >= 0.5) {
        parent[root(i)] = root(n + best);
        linked[i] = linked[n + best] = 1;
      }
    }
    std::vector<std::vector<size_t>> groupA(n + m), groupB(n + m);
    for (size_t i = 0; i < n; ++i) groupA[root(i)].push_back(i);
    for (size_t j = 0; j < m; ++j) groupB[root(n + j)].push_back(j);
    for (size_t g = 0; g < n + m; ++g) {
      const auto& ga = groupA[g];
      const auto& gb = groupB[g];
      if (ga.empty() && gb.empty()) continue;
      if (gb.empty()) {
        for (size_t i : ga) vanish(compsA[i], l, true);
      } else if (ga.empty()) {
        for (size_t j : gb) vanish(compsB[j], l, false);
      } else if (ga.size() == 1 && gb.size() == 1) {
        pair(compsA[ga[0]], compsB[gb[0]], l,
             !directA[ga[0]] || alignmentHelps(compsA[ga[0]], compsB[gb[0]]));
      } else if (ga.size() == 1) {
        const auto parts = splitByNearest(compsA[ga[0]], compsB, gb);
        for (size_t k = 0; k < gb.size(); ++k)
          if (parts[k].area)
            pair(parts[k], compsB[gb[k]], l, false);
          else
            vanish(compsB[gb[k]], l, false);
      } else if (gb.size() == 1) {
        const auto parts = splitByNearest(compsB[gb[0]], compsA, ga);
        for (size_t k = 0; k < ga.size(); ++k)
          if (parts[k].area)
            pair(compsA[ga[k]], parts[k], l, false);
          else
            vanish(compsA[ga[k]], l, true);
      } else {
        std::vector<const ShapeMask*> as, bs;
        for (size_t i : ga) as.push_back(&compsA[i]);
        for (size_t j : gb) bs.push_back(&compsB[j]);
        pair(ShapeMask::unite(as), ShapeMask::unite(bs), l, false);
      }
    }
  }

 private:
  // Fraction of the smaller shape covered by the other once their centroids coincide; 0 when
  // the centroids are further apart than twice the shapes' extent (different structures).
  static double alignedOverlap(const ShapeMask& a, const ShapeMask& b) {
    const double du = b.cu - a.cu, dv = b.cv - a.cv;
    const double reach =
        2.0 * double(std::max({a.box.width(), a.box.height(), b.box.width(), b.box.height()}));
    if (std::hypot(du, dv) > reach) return 0.0;
    const int64_t su = std::llround(du), sv = std::llround(dv);
    int64_t n = 0;
    for (int64_t v = a.box.v0; v < a.box.v1; ++v)
      for (int64_t u = a.box.u0; u < a.box.u1; ++u) n += a.contains(u, v) && b.contains(u + su, v + sv);
    return double(n) / double(std::min(a.area, b.area));
  }

  // Whether aligning the centroids makes the two shapes overlap more (intersection over union).
  static bool alignmentHelps(const ShapeMask& a, const ShapeMask& b) {
    const int64_t su = std::llround(b.cu - a.cu), sv = std::llround(b.cv - a.cv);
    if (su == 0 && sv == 0) return false;
    int64_t aligned = 0;
    for (int64_t v = a.box.v0; v < a.box.v1; ++v)
      for (int64_t u = a.box.u0; u < a.box.u1; ++u) aligned += a.contains(u, v) && b.contains(u + su, v + sv);
    return aligned > a.overlap(b);
  }

  // Cuts `shape` into the parts nearest each of the given components (ties to the first).
  std::vector<ShapeMask> splitByNearest(const ShapeMask& shape, const std::vector<ShapeMask>& comps,
                                        const std::vector<size_t>& which) const {
    PixelBox box = shape.box;
    for (size_t j : which) box = box.united(comps[j].box);
    const int64_t w = box.width(), h = box.height();
    std::vector<std::vector<float>> dist;
    for (size_t j : which) {
      std::vector<uint8_t> f(size_t(w * h), 0);
      for (int64_t v = 0; v < h; ++v)
        for (int64_t u = 0; u < w; ++u) f[size_t(v * w + u)] = comps[j].contains(u + box.u0, v + box.v0);
      dist.push_back(DistanceTransform::squared2D(f.data(), w, h, p_.spacingU, p_.spacingV));
    }
    std::vector<ShapeMask> parts(which.size());
    for (auto& part : parts) {
      part.box = shape.box;
      part.pixels.assign(shape.pixels.size(), 0);
    }
    for (int64_t v = shape.box.v0; v < shape.box.v1; ++v)
      for (int64_t u = shape.box.u0; u < shape.box.u1; ++u) {
        if (!shape.contains(u, v)) continue;
        const size_t c = size_t((v - box.v0) * w + (u - box.u0));
        size_t best = 0;
        for (size_t k = 1; k < which.size(); ++k)
          if (dist[k][c] < dist[best][c]) best = k;
        parts[best].pixels[size_t((v - shape.box.v0) * shape.box.width() + (u - shape.box.u0))] = 1;
      }
    // The structure has split by the next key: keep the parts apart by clearing the pixels of
    // a later part that touch an earlier one, so that slices between show separate blobs.
    const int64_t sw = shape.box.width(), sh = shape.box.height();
    const auto owner = [&](int64_t u, int64_t v) -> int {
      if (u < 0 || v < 0 || u >= sw || v >= sh) return -1;
      for (size_t k = 0; k < parts.size(); ++k)
        if (parts[k].pixels[size_t(v * sw + u)]) return int(k);
      return -1;
    };
    std::vector<std::pair<size_t, size_t>> clear;
    for (int64_t v = 0; v < sh; ++v)
      for (int64_t u = 0; u < sw; ++u) {
        const int k = owner(u, v);
        if (k <= 0) continue;
        bool touches = false;
        for (int64_t dv = -1; dv <= 1 && !touches; ++dv)
          for (int64_t du = -1; du <= 1; ++du) {
            const int o = owner(u + du, v + dv);
            if (o >= 0 && o < k) touches = true;
          }
        if (touches) clear.push_back({size_t(k), size_t(v * sw + u)});
      }
    for (const auto& [k, i] : clear) parts[k].pixels[i] = 0;
    for (auto& part : parts) part.measure();
    return parts;
  }

  // A shape on one key only: it shrinks to its deepest point by half-way towards the other key.
  void vanish(const ShapeMask& s, Label l, bool fromLower) {
    const int64_t w = s.box.width() + 2, h = s.box.height() + 2;
    std::vector<uint8_t> canvas(size_t(w * h), 0);
    for (int64_t v = 0; v < s.box.height(); ++v)
      for (int64_t u = 0; u < s.box.width(); ++u)
        canvas[size_t((v + 1) * w + u + 1)] = s.pixels[size_t(v * s.box.width() + u)];
    ShapePlan plan;
    plan.label = l;
    plan.width = w;
    plan.height = h;
    plan.fromU = plan.toU = double(s.box.u0 - 1);
    plan.fromV = plan.toV = double(s.box.v0 - 1);
    plan.erosion = std::make_unique<MorphologicalMedian::Erosion>(canvas, w, h, p_.spacingU, p_.spacingV);
    plan.fromLower = fromLower;
    plans_.push_back(std::move(plan));
  }

  // A matched pair: both placed on one canvas with their centroids at its centre, interpolated
  // morphologically, each slice's shape pasted where the line between the centroids puts it.
  void pair(const ShapeMask& lo, const ShapeMask& hi, Label l, bool align) {
    const double ac = align ? 1.0 : 0.0;
    const int64_t lu = std::llround(ac * lo.cu), lv = std::llround(ac * lo.cv);
    const int64_t hu = std::llround(ac * hi.cu), hv = std::llround(ac * hi.cv);
    const int64_t cu = std::max(lu - lo.box.u0, hu - hi.box.u0) + 1;
    const int64_t cv = std::max(lv - lo.box.v0, hv - hi.box.v0) + 1;
    const int64_t w = cu + std::max(lo.box.u1 - lu, hi.box.u1 - hu) + 1;
    const int64_t h = cv + std::max(lo.box.v1 - lv, hi.box.v1 - hv) + 1;
    const auto place = [&](const ShapeMask& s, int64_t ou, int64_t ov) {
      std::vector<uint8_t> c(size_t(w * h), 0);
      for (int64_t v = s.box.v0; v < s.box.v1; ++v)
        for (int64_t u = s.box.u0; u < s.box.u1; ++u)
          if (s.contains(u, v)) c[size_t((v - ov + cv) * w + (u - ou + cu))] = 1;
      return c;
    };
    ShapePlan plan;
    plan.label = l;
    plan.width = w;
    plan.height = h;
    plan.centreU = cu;
    plan.centreV = cv;
    plan.fromU = ac * lo.cu;
    plan.fromV = ac * lo.cv;
    plan.toU = ac * hi.cu;
    plan.toV = ac * hi.cv;
    plan.between = std::make_unique<MorphologicalMedian::Interpolation>(
        place(lo, lu, lv), place(hi, hu, hv), w, h, p_.spacingU, p_.spacingV);
    plans_.push_back(std::move(plan));
  }

 public:
  // Slice k (a < k < b): every plan's shape at k's position, pasted in plan order.
  std::vector<Label> render(int64_t k) const {
    std::vector<Label> out(p_.pixelCount(), 0);
    const double t = double(k - a_) / double(b_ - a_);
    for (const ShapePlan& plan : plans_) {
      std::vector<uint8_t> shape;
      if (plan.between) {
        shape = plan.between->at(t);
      } else {
        // The structure ends half-way, closing like the cap of an ellipsoid: at a fraction f of
        // the way to its end its outline has moved in by 1 - sqrt(1 - f^2) of its depth, little
        // at first and fast at the end. (A linear erosion, a cone, lost a quarter of a small
        // structure's area one slice from its key, and fell below copying the nearest key.)
        const double f = 2.0 * (plan.fromLower ? t : 1.0 - t);
        if (f >= 1.0) continue;
        shape = plan.erosion->at(1.0 - std::sqrt(1.0 - f * f));
      }
      const int64_t ou = std::llround((1 - t) * plan.fromU + t * plan.toU) - plan.centreU;
      const int64_t ov = std::llround((1 - t) * plan.fromV + t * plan.toV) - plan.centreV;
      paste(out, k, shape, plan.width, plan.height, ou, ov, plan.label);
    }
    return out;
  }

 private:
  // Writes a canvas shape into slice k at offset (ou, ov); where another label is there already,
  // the label the nearer key has at that pixel keeps it.
  void paste(std::vector<Label>& out, int64_t k, const std::vector<uint8_t>& shape, int64_t w,
             int64_t h, int64_t ou, int64_t ov, Label l) const {
    const auto& nearer = (k - a_) <= (b_ - k) ? lower_ : upper_;
    for (int64_t v = 0; v < h; ++v)
      for (int64_t u = 0; u < w; ++u) {
        if (!shape[size_t(v * w + u)]) continue;
        const int64_t su = u + ou, sv = v + ov;
        if (su < 0 || sv < 0 || su >= p_.width || sv >= p_.height) continue;
        const size_t px = size_t(sv * p_.width + su);
        if (out[px] == 0 || nearer[px] == l) out[px] = l;
      }
  }

  const SlicePlane& p_;
  int64_t a_, b_;
  const std::vector<Label>& lower_;
  const std::vector<Label>& upper_;
  std::vector<ShapePlan> plans_;
};

std::vector<Label> presentLabels(const std::vector<Label>& a, const std::vector<Label>& b) {
  std::vector<uint8_t> seen(65536, 0);
  for (Label l : a) seen[l] = 1;
  for (Label l : b) seen[l] = 1;
  std::vector<Label> out;
  for (size_t l = 1; l < seen.size(); ++l)
    if (seen[l]) out.push_back(Label(l));
  return out;
}

}  // namespace

void MorphologicalContourPredictor::fillBetweenKeys(KeySliceJob& job) const {
  std::vector<size_t> intervals;
  for (size_t i = 0; i + 1 < job.keyCount(); ++i)
    if (job.key(i + 1) - job.key(i) >= 2) intervals.push_back(i);
  tbb::parallel_for(size_t(0), intervals.size(), [&](size_t n) {
    if (job.cancelled()) return;
    const size_t i = intervals[n];
    const int64_t a = job.key(i), b = job.key(i + 1);
    const auto lower = job.keySlice(i), upper = job.keySlice(i + 1);
    IntervalPlan plan(job.plane(), a, b, lower, upper);
    for (Label l : presentLabels(lower, upper)) {
      if (job.cancelled()) return;
      plan.label(l);
    }
    tbb::parallel_for(a + 1, b, [&](int64_t k) {
      if (job.cancelled()) return;
      job.write(k, plan.render(k));
      job.sliceFinished();
    });
  });
}

}  // namespace slicewise
