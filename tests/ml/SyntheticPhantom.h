#pragma once

// Small synthetic volumes for the network tests (seconds each on one core).
#include <QTest>
#include <algorithm>
#include <cmath>
#include <set>

#include "jobs/UNetParameters.h"
#include "metrics/SegmentationMetrics.h"
#include "ml/UNetPredictor.h"

namespace slicewise::test {

struct Phantom {
  Volume image;
  LabelVolume truth;
};

// 32 x 32 x `slices`, 1 mm: an ellipse (label 1, intensity 100) around a disc (label 2,
// intensity 180) drifting and breathing smoothly along z, on a background of 20, with a fixed
// ripple as noise.
inline Phantom smoothPhantom(int64_t slices = 20) {
  ImageGeometry g;
  g.size = {32, 32, slices};
  std::vector<int16_t> v(g.voxelCount());
  LabelVolume truth(g);
  for (int64_t k = 0; k < slices; ++k) {
    const double cx = 16 + 3 * std::sin(double(k) / 6), rx = 8 + 2 * std::cos(double(k) / 5), ry = 6;
    for (int64_t j = 0; j < 32; ++j)
      for (int64_t i = 0; i < 32; ++i) {
        const double x = (double(i) - cx) / rx, y = (double(j) - 16) / ry, r = std::hypot(x, y);
        Label l = r <= 1 ? (r <= 0.45 ? 2 : 1) : 0;
        truth.set(i, j, k, l);
        const int base = l == 2 ? 180 : l == 1 ? 100 : 20;
        v[g.linearIndex(i, j, k)] = int16_t(base + int((i * 7 + j * 13 + k * 5) % 11) - 5);
      }
  }
  return {Volume(g, std::move(v)), std::move(truth)};
}

// 32 x 32 x 8: `labels` vertical bands (labels 1..labels, each its own intensity) across the
// middle rows, background above and below.
inline Phantom bandPhantom(int labels) {
  ImageGeometry g;
  g.size = {32, 32, 8};
  std::vector<int16_t> v(g.voxelCount(), 0);
  LabelVolume truth(g);
  for (int64_t k = 0; k < 8; ++k)
    for (int64_t j = 8; j < 24; ++j)
      for (int64_t i = 0; i < 32; ++i) {
        const Label l = Label(1 + i * labels / 32);
        truth.set(i, j, k, l);
        v[g.linearIndex(i, j, k)] = int16_t(40 * l);
      }
  return {Volume(g, std::move(v)), std::move(truth)};
}

inline LabelVolume onlyKeys(const LabelVolume& full, const std::vector<int64_t>& keys) {
  LabelVolume sparse(full.geometry());
  const SlicePlane p = slicePlane(full.geometry(), SliceAxis::Axial);
  for (int64_t k : keys) sparse.setSlice(p, k, full.slice(p, k));
  return sparse;
}

inline PredictionInput inputFor(const Phantom& ph, const LabelVolume& sparse, const std::vector<int64_t>& keys) {
  PredictionInput in;
  in.image = &ph.image;
  in.labels = &sparse;
  in.keySlices = keys;
  in.seed = 7;
  in.device = "cpu";
  return in;
}

inline double heldOutDice(const Phantom& ph, const Proposal& p, const std::vector<int64_t>& keys) {
  const SegmentationScore score = SegmentationMetrics::compare(
      ph.truth, p.labels,
      SliceRestriction{SliceAxis::Axial, SegmentationMetrics::otherSlices(ph.truth.geometry().size[2], keys)});
  return score.meanDice.value_or(0.0);
}

// The proposal has the truth's grid, one confidence in [0, 1] per slice (1 on keys), keys as
// given, and only labels the keys have.
inline void checkProposalShape(const Phantom& ph, const Proposal& p, const std::vector<int64_t>& keys) {
  QCOMPARE(p.labels.geometry().size, ph.truth.geometry().size);
  QCOMPARE(p.sliceConfidence.size(), size_t(ph.truth.geometry().size[2]));
  QCOMPARE(p.keySlices, keys);
  const SlicePlane plane = slicePlane(ph.truth.geometry(), SliceAxis::Axial);
  std::set<Label> allowed{0};
  for (int64_t k : keys)
    for (Label l : ph.truth.slice(plane, k)) allowed.insert(l);
  for (Label l : p.labels.data()) QVERIFY2(allowed.count(l), qPrintable(QString("label %1").arg(l)));
  for (size_t s = 0; s < p.sliceConfidence.size(); ++s) {
    const bool key = std::find(keys.begin(), keys.end(), int64_t(s)) != keys.end();
    QVERIFY(key ? p.sliceConfidence[s] == 1.0f : p.sliceConfidence[s] >= 0.0f && p.sliceConfidence[s] <= 1.0f);
  }
  for (int64_t k : keys) QCOMPARE(p.labels.slice(plane, k), ph.truth.slice(plane, k));
}

// Trains `parameters` on every 4th slice of the smooth phantom: the held-out slices must reach
// Dice 0.95, the proposal must be well formed and carry the network's name. *proposal gets it
// for further checks (when the test has not failed).
inline void overfitSmoothPhantom(const UNetParameters& parameters, const std::string& name, Proposal* proposal) {
  const std::vector<int64_t> keys{1, 5, 9, 13, 17};
  const Phantom ph = smoothPhantom();
  TrainingOutcome outcome;
  *proposal = UNetPredictor(parameters).predict(inputFor(ph, onlyKeys(ph.truth, keys), keys), {}, {}, &outcome);
  const double dice = heldOutDice(ph, *proposal, keys);
  qInfo("%s: loss %.4f -> %.4f in %.2f s, held-out Dice %.4f", name.c_str(), outcome.firstLoss, outcome.finalLoss,
        outcome.seconds, dice);
  QVERIFY(dice >= 0.95);
  QCOMPARE(proposal->predictor, name);
  checkProposalShape(ph, *proposal, keys);
}

}  // namespace slicewise::test
