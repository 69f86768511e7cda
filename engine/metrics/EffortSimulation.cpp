#include "metrics/EffortSimulation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>

#include "metrics/SegmentationMetrics.h"

namespace slicewise {

namespace {

bool hasLabel(const std::vector<Label>& s) {
  return std::any_of(s.begin(), s.end(), [](Label l) { return l != 0; });
}

uint64_t labelled(const std::vector<Label>& s) {
  return uint64_t(std::count_if(s.begin(), s.end(), [](Label l) { return l != 0; }));
}

uint64_t wrong(const std::vector<Label>& truth, const std::vector<Label>& predicted) {
  uint64_t n = 0;
  for (size_t i = 0; i < truth.size(); ++i) n += truth[i] != predicted[i] ? 1 : 0;
  return n;
}

std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double mean = (double(i) + double(j)) / 2.0 + 1.0;
    for (size_t k = i; k <= j; ++k) r[order[k]] = mean;
    i = j + 1;
  }
  return r;
}

}  // namespace

double EffortSimulation::sliceDice(const std::vector<Label>& truth, const std::vector<Label>& predicted) {
  std::map<Label, std::array<uint64_t, 3>> n;  // truth, predicted, both
  for (size_t i = 0; i < truth.size(); ++i) {
    if (truth[i]) ++n[truth[i]][0];
    if (predicted[i]) ++n[predicted[i]][1];
    if (truth[i] && truth[i] == predicted[i]) ++n[truth[i]][2];
  }
  if (n.empty()) return 1.0;
  double sum = 0;
  for (const auto& [label, c] : n) sum += 2.0 * double(c[2]) / double(c[0] + c[1]);
  return sum / double(n.size());
}

std::optional<double> EffortSimulation::spearman(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 2) return std::nullopt;
  const std::vector<double> rx = ranks(x), ry = ranks(y);
  const double n = double(x.size());
  const double mx = std::accumulate(rx.begin(), rx.end(), 0.0) / n, my = std::accumulate(ry.begin(), ry.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < rx.size(); ++i) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) * (rx[i] - mx);
    syy += (ry[i] - my) * (ry[i] - my);
  }
  if (sxx == 0 || syy == 0) return std::nullopt;
  return sxy / std::sqrt(sxx * syy);
}

EffortResult EffortSimulation::run(const Volume& image, const LabelVolume& truth, const std::vector<int64_t>& drawnKeys,
                                   const SlicePredictor& predictor, const EffortOptions& o) {
  const SlicePlane plane = slicePlane(truth.geometry(), o.axis);
  const int64_t n = plane.count;
  std::vector<std::vector<Label>> truthSlices(static_cast<size_t>(n));
  EffortResult result;
  uint64_t labelledVoxels = 0;
  for (int64_t s = 0; s < n; ++s) {
    truthSlices[size_t(s)] = truth.slice(plane, s);
    if (hasLabel(truthSlices[size_t(s)])) {
      ++result.labelledSlices;
      labelledVoxels += labelled(truthSlices[size_t(s)]);
    }
  }
  if (result.labelledSlices == 0) throw std::invalid_argument("the truth holds no label on this axis");
  const double meanLabelled = double(labelledVoxels) / double(result.labelledSlices);

  // The annotation as it grows: key slices hold what the person drew, accepted or corrected.
  LabelVolume current(truth.geometry());
  std::vector<bool> isKey(size_t(n), false);
  EffortRound first;
  for (int64_t k : drawnKeys) {
    if (k < 0 || k >= n) throw std::invalid_argument("a key slice lies outside the volume");
    if (isKey[size_t(k)]) continue;
    isKey[size_t(k)] = true;
    current.setSlice(plane, k, truthSlices[size_t(k)]);
    ++first.drawn;
    result.drawnWithLabel += hasLabel(truthSlices[size_t(k)]) ? 1 : 0;
  }
  const int perRound = o.correctionsPerRound >= 0 ? o.correctionsPerRound : first.drawn;
  const auto correct = [&](int64_t s, const std::vector<Label>& predicted, EffortRound& round) {
    const std::vector<Label>& t = truthSlices[size_t(s)];
    const double base = hasLabel(t) ? double(labelled(t)) : meanLabelled;
    round.correctionCost += std::min(1.0, double(wrong(t, predicted)) / base);
    ++round.corrected;
    current.setSlice(plane, s, t);
    isKey[size_t(s)] = true;
  };

  for (int r = 0; r < std::max(1, o.rounds); ++r) {
    EffortRound round = r == 0 ? first : EffortRound{};
    PredictionInput in;
    in.labels = &current;
    in.image = &image;
    in.axis = o.axis;
    in.seed = o.seed;
    in.device = o.device;
    for (int64_t s = 0; s < n; ++s)
      if (isKey[size_t(s)]) in.keySlices.push_back(s);
    const Proposal p = predictor.predict(in);
    struct Candidate {
      int64_t slice;
      double dice, confidence;
    };
    std::vector<Candidate> below;
    std::vector<double> conf, dice;
    std::vector<std::vector<Label>> predicted(static_cast<size_t>(n));
    for (int64_t s = 0; s < n; ++s) {
      if (isKey[size_t(s)]) continue;
      predicted[size_t(s)] = p.labels.slice(plane, s);
      const double d = sliceDice(truthSlices[size_t(s)], predicted[size_t(s)]);
      const double c = size_t(s) < p.sliceConfidence.size() ? double(p.sliceConfidence[size_t(s)]) : 0.0;
      if (r == 0) {
        conf.push_back(c);
        dice.push_back(d);
      }
      if (d >= o.acceptDice) {
        current.setSlice(plane, s, predicted[size_t(s)]);
        isKey[size_t(s)] = true;
        ++round.accepted;
      } else {
        below.push_back({s, d, c});
      }
    }
    if (r == 0) result.confidenceDiceSpearman = spearman(conf, dice);
    std::stable_sort(below.begin(), below.end(), [](const Candidate& a, const Candidate& b) { return a.confidence < b.confidence; });
    const bool last = r + 1 >= std::max(1, o.rounds);
    const size_t fix = last ? below.size() : std::min(below.size(), size_t(std::max(0, perRound)));
    for (size_t i = 0; i < fix; ++i) correct(below[i].slice, predicted[size_t(below[i].slice)], round);
    // Below the threshold and not corrected this round: left predicted (not keys), so the next
    // round predicts them again from more keys.
    for (size_t i = fix; i < below.size(); ++i) current.setSlice(plane, below[i].slice, predicted[size_t(below[i].slice)]);
    result.rounds.push_back(round);
  }
  double correction = 0;
  for (const EffortRound& round : result.rounds) {
    result.drawn += round.drawn;
    result.accepted += round.accepted;
    result.corrected += round.corrected;
    correction += round.correctionCost;
  }
  result.effortFraction = (double(result.drawnWithLabel) + correction) / double(result.labelledSlices);
  result.finalDice = SegmentationMetrics::compare(truth, current).meanDice.value_or(1.0);
  return result;
}

}  // namespace slicewise
