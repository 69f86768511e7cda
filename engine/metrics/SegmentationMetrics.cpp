#include "metrics/SegmentationMetrics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <tbb/parallel_for.h>

#include "predict/DistanceTransform.h"

namespace slicewise {
namespace {

struct Box3 {
  Index3 lo{INT64_MAX, INT64_MAX, INT64_MAX}, hi{-1, -1, -1};  // inclusive
  bool empty() const { return hi[0] < lo[0]; }
  void add(int64_t i, int64_t j, int64_t k) {
    lo = {std::min(lo[0], i), std::min(lo[1], j), std::min(lo[2], k)};
    hi = {std::max(hi[0], i), std::max(hi[1], j), std::max(hi[2], k)};
  }
};

struct Tally {
  uint64_t truth = 0, predicted = 0, both = 0;
  Box3 box;
};

double percentile95(std::vector<double>& d) {
  const size_t rank = size_t(std::ceil(0.95 * double(d.size())));
  std::nth_element(d.begin(), d.begin() + long(rank - 1), d.end());
  return d[rank - 1];
}

double mean(const std::vector<double>& d) {
  double s = 0;
  for (double x : d) s += x;
  return s / double(d.size());
}

// Surface-to-surface distances of one label within its box; fills the score's two distances.
void surfaceDistances(const LabelVolume& truth, const LabelVolume& pred,
                      const std::vector<uint8_t>& evaluated, int normalDim, Label l, const Box3& b,
                      LabelScore& score) {
  const ImageGeometry& g = truth.geometry();
  const std::array<int64_t, 3> size{b.hi[0] - b.lo[0] + 1, b.hi[1] - b.lo[1] + 1,
                                    b.hi[2] - b.lo[2] + 1};
  const size_t count = size_t(size[0] * size[1] * size[2]);
  std::array<std::vector<uint8_t>, 2> surface{std::vector<uint8_t>(count, 0),
                                              std::vector<uint8_t>(count, 0)};
  const std::array<const LabelVolume*, 2> side{&truth, &pred};
  for (int64_t k = b.lo[2]; k <= b.hi[2]; ++k)
    for (int64_t j = b.lo[1]; j <= b.hi[1]; ++j)
      for (int64_t i = b.lo[0]; i <= b.hi[0]; ++i) {
        const Index3 idx{i, j, k};
        if (!evaluated[size_t(idx[size_t(normalDim)])]) continue;
        const size_t c = size_t(((k - b.lo[2]) * size[1] + (j - b.lo[1])) * size[0] + (i - b.lo[0]));
        for (int s = 0; s < 2; ++s) {
          const auto& lab = *side[size_t(s)];
          if (lab.at(i, j, k) != l) continue;
          bool edge = false;
          for (int d = 0; d < 3 && !edge; ++d)
            for (int step : {-1, 1}) {
              Index3 n = idx;
              n[size_t(d)] += step;
              if (!g.contains(n[0], n[1], n[2]) || lab.at(n[0], n[1], n[2]) != l) {
                edge = true;
                break;
              }
            }
          surface[size_t(s)][c] = edge;
        }
      }
  std::array<double, 3> spacing{g.spacing[0], g.spacing[1], g.spacing[2]};
  std::array<std::vector<double>, 2> directed;
  for (int s = 0; s < 2; ++s) {
    const auto toOther = DistanceTransform::squared3D(surface[size_t(1 - s)].data(), size, spacing);
    for (size_t c = 0; c < count; ++c)
      if (surface[size_t(s)][c]) directed[size_t(s)].push_back(std::sqrt(double(toOther[c])));
  }
  score.avgHausdorffMm = 0.5 * (mean(directed[0]) + mean(directed[1]));
  score.hd95Mm = 0.5 * (percentile95(directed[0]) + percentile95(directed[1]));
}

}  // namespace

std::vector<int64_t> SegmentationMetrics::otherSlices(int64_t count, const std::vector<int64_t>& keys) {
  std::vector<uint8_t> isKey(size_t(std::max<int64_t>(count, 0)), 0);
  for (int64_t k : keys)
    if (k >= 0 && k < count) isKey[size_t(k)] = 1;
  std::vector<int64_t> out;
  for (int64_t s = 0; s < count; ++s)
    if (!isKey[size_t(s)]) out.push_back(s);
  return out;
}

SegmentationScore SegmentationMetrics::compare(const LabelVolume& truth, const LabelVolume& pred,
                                               const std::optional<SliceRestriction>& restriction) {
  const ImageGeometry& g = truth.geometry();
  if (!g.sameGrid(pred.geometry()))
    throw std::invalid_argument("truth and prediction are on different grids");
  const int normalDim = restriction ? slicePlane(g, restriction->axis).normalDim : 2;
  std::vector<uint8_t> evaluated(size_t(g.size[size_t(normalDim)]), restriction ? 0 : 1);
  if (restriction)
    for (int64_t s : restriction->slices)
      if (s >= 0 && s < int64_t(evaluated.size())) evaluated[size_t(s)] = 1;

  SegmentationScore out;
  out.evaluatedSlices = std::count(evaluated.begin(), evaluated.end(), uint8_t(1));
  std::vector<Tally> tally(65536);
  const auto& t = truth.data();
  const auto& p = pred.data();
  for (int64_t k = 0; k < g.size[2]; ++k)
    for (int64_t j = 0; j < g.size[1]; ++j) {
      const Index3 row{0, j, k};
      if (normalDim != 0 && !evaluated[size_t(row[size_t(normalDim)])]) continue;
      const size_t base = g.linearIndex(0, j, k);
      for (int64_t i = 0; i < g.size[0]; ++i) {
        if (normalDim == 0 && !evaluated[size_t(i)]) continue;
        const Label a = t[base + size_t(i)], b = p[base + size_t(i)];
        if (a) {
          ++tally[a].truth;
          tally[a].box.add(i, j, k);
        }
        if (b) {
          ++tally[b].predicted;
          tally[b].box.add(i, j, k);
        }
        if (a && a == b) ++tally[a].both;
      }
    }
  for (size_t l = 1; l < tally.size(); ++l) {
    const Tally& c = tally[l];
    if (!c.truth && !c.predicted) continue;
    LabelScore s;
    s.label = Label(l);
    s.truthVoxels = c.truth;
    s.predictedVoxels = c.predicted;
    s.dice = 2.0 * double(c.both) / double(c.truth + c.predicted);
    out.labels.push_back(s);
  }
  tbb::parallel_for(size_t(0), out.labels.size(), [&](size_t i) {
    LabelScore& s = out.labels[i];
    if (s.truthVoxels && s.predictedVoxels)
      surfaceDistances(truth, pred, evaluated, normalDim, s.label, tally[s.label].box, s);
  });
  double diceSum = 0, ahdSum = 0, hd95Sum = 0;
  int defined = 0;
  for (const LabelScore& s : out.labels) {
    diceSum += s.dice;
    if (s.avgHausdorffMm) {
      ahdSum += *s.avgHausdorffMm;
      hd95Sum += *s.hd95Mm;
      ++defined;
    } else {
      ++out.undefinedHausdorff;
    }
  }
  if (!out.labels.empty()) out.meanDice = diceSum / double(out.labels.size());
  if (defined) {
    out.meanAvgHausdorffMm = ahdSum / defined;
    out.meanHd95Mm = hd95Sum / defined;
  }
  return out;
}

}  // namespace slicewise
