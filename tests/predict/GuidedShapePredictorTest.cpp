#include <QTest>
#include <cmath>
#include <random>

#include "metrics/SegmentationMetrics.h"
#include "predict/GuidedShapePredictor.h"
#include "predict/SlicePredictor.h"

using namespace slicewise;

namespace {

// A disc (label 1) and a textured background that move together slice by slice along a curved
// path: the image shows the motion, the labels follow it.
struct Moving {
  Volume image;
  LabelVolume truth;
};

// Position of the moving content on slice k of n: accelerating along u, swaying along v.
double centreU(int64_t k, int64_t n) { return 18.0 + 30.0 * std::pow(double(k) / double(n - 1), 2); }
double centreV(int64_t k) { return 30.0 + 6.0 * std::sin(double(k) / 4.0); }

// `grow` > 0 also scales the disc's radius along the axis (a deformation, not only a motion).
Moving movingDisc(int64_t n, double radius, double grow = 0.0, Vec3 spacing = {1, 1, 1},
                  bool flatImage = false) {
  ImageGeometry g;
  g.size = {72, 60, n};
  g.spacing = spacing;
  LabelVolume truth(g);
  std::vector<int16_t> voxels(g.voxelCount());
  for (int64_t k = 0; k < n; ++k) {
    const double cu = centreU(k, n), cv = centreV(k);
    const double r = radius * (1.0 + grow * std::sin(double(k) / double(n - 1) * 3.14159));
    for (int64_t j = 0; j < g.size[1]; ++j)
      for (int64_t i = 0; i < g.size[0]; ++i) {
        const double x = double(i) - cu, y = double(j) - cv;
        const bool inside = x * x + y * y <= r * r;
        if (inside) truth.set(i, j, k, 1);
        // Background texture that moves with the disc; the disc is brighter.
        const double texture = 60.0 * std::sin(x / 3.0) * std::cos(y / 4.0);
        voxels[g.linearIndex(i, j, k)] =
            flatImage ? int16_t(100) : int16_t(std::lround(300.0 + texture + (inside ? 400.0 : 0.0)));
      }
  }
  return {Volume(g, std::move(voxels)), std::move(truth)};
}

LabelVolume keysOnly(const LabelVolume& full, SliceAxis axis, const std::vector<int64_t>& keys) {
  LabelVolume out(full.geometry());
  const SlicePlane p = slicePlane(full.geometry(), axis);
  for (int64_t k : keys) out.setSlice(p, k, full.slice(p, k));
  return out;
}

Proposal run(const char* predictor, const Moving& m, const std::vector<int64_t>& keys,
             SliceAxis axis = SliceAxis::Axial, const Volume* image = nullptr) {
  const LabelVolume input = keysOnly(m.truth, axis, keys);
  PredictionInput in;
  in.labels = &input;
  in.image = image ? image : &m.image;
  in.axis = axis;
  in.keySlices = keys;
  return makeInterpolationPredictor(predictor)->predict(in);
}

double nonKeyDice(const Proposal& p, const LabelVolume& truth, const std::vector<int64_t>& keys,
                  SliceAxis axis = SliceAxis::Axial) {
  const int64_t n = slicePlane(truth.geometry(), axis).count;
  return *SegmentationMetrics::compare(truth, p.labels,
                                       SliceRestriction{axis, SegmentationMetrics::otherSlices(n, keys)})
              .meanDice;
}

}  // namespace

class GuidedShapePredictorTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void followsAMovingDisc() {
    // Between keys 8 slices apart the disc moves up to 11 pixels, more than its radius, along a
    // curve: interpolating the two outlines in place makes a lens; following the image keeps
    // the disc.
    const Moving m = movingDisc(33, 8.0);
    const std::vector<int64_t> keys{0, 8, 16, 24, 32};
    const double guided = nonKeyDice(run("guided", m, keys), m.truth, keys);
    const double shape = nonKeyDice(run("shape", m, keys), m.truth, keys);
    qInfo("moving disc: guided %.4f, shape %.4f", guided, shape);
    QVERIFY(guided >= 0.95);
    QVERIFY(guided - shape >= 0.1);
  }

  void followsAGrowingMovingDisc() {
    // The same motion while the radius swells by half and shrinks back: a deformation.
    const Moving m = movingDisc(33, 7.0, 0.5);
    const std::vector<int64_t> keys{0, 8, 16, 24, 32};
    const double guided = nonKeyDice(run("guided", m, keys), m.truth, keys);
    const double shape = nonKeyDice(run("shape", m, keys), m.truth, keys);
    qInfo("growing moving disc: guided %.4f, shape %.4f", guided, shape);
    QVERIFY(guided >= 0.93);
    QVERIFY(guided - shape >= 0.1);
  }

  void anisotropicSlicesOnEveryAxis() {
    // The moving disc on 1 x 1 x 2 mm voxels, the slices of each layout along another axis:
    // the volume's axes are permuted so that the moving slices are coronal (dims x, z, y) or
    // sagittal (dims z, x, y) slices.
    const Moving axial = movingDisc(25, 7.0, 0.0, {1, 1, 2});
    const std::vector<int64_t> keys{0, 6, 12, 18, 24};
    const double expected = nonKeyDice(run("guided", axial, keys), axial.truth, keys);
    QVERIFY(expected >= 0.93);
    for (SliceAxis axis : {SliceAxis::Coronal, SliceAxis::Sagittal}) {
      const ImageGeometry& a = axial.truth.geometry();
      ImageGeometry g;
      const bool coronal = axis == SliceAxis::Coronal;
      g.size = coronal ? Index3{a.size[0], a.size[2], a.size[1]} : Index3{a.size[2], a.size[0], a.size[1]};
      g.spacing = coronal ? Vec3{1, 2, 1} : Vec3{2, 1, 1};
      LabelVolume truth(g);
      std::vector<int16_t> voxels(g.voxelCount());
      for (int64_t k = 0; k < a.size[2]; ++k)
        for (int64_t j = 0; j < a.size[1]; ++j)
          for (int64_t i = 0; i < a.size[0]; ++i) {
            const size_t at = coronal ? g.linearIndex(i, k, j) : g.linearIndex(k, i, j);
            truth.data()[at] = axial.truth.at(i, j, k);
            voxels[at] = int16_t(axial.image.valueAt(i, j, k));
          }
      const Moving m{Volume(g, std::move(voxels)), std::move(truth)};
      const SlicePlane p = slicePlane(g, axis);
      QCOMPARE(p.count, int64_t(25));
      QCOMPARE(p.spacingNormal, 2.0);
      const double dice = nonKeyDice(run("guided", m, keys, axis), m.truth, keys, axis);
      qInfo("%s: guided %.4f (axial %.4f)", axisName(axis).data(), dice, expected);
      QVERIFY(std::abs(dice - expected) < 1e-9);
    }
  }

  void imageWithoutStructureGivesShape() {
    // A flat image has nothing to follow: the deformations stay the identity and guided
    // interpolates as shape does (the disc, 12 mm deep, is deeper than twice the 4 mm gap, so
    // both clip at the gap).
    const Moving m = movingDisc(33, 12.0, 0.0, {1, 1, 1}, true);
    const std::vector<int64_t> keys{0, 4, 8, 12, 16, 20, 24, 28, 32};
    const Proposal guided = run("guided", m, keys);
    const Proposal shape = run("shape", m, keys);
    QVERIFY(guided.labels.data() == shape.labels.data());
    // Without an image at all, likewise.
    const LabelVolume input = keysOnly(m.truth, SliceAxis::Axial, keys);
    PredictionInput in;
    in.labels = &input;
    in.keySlices = keys;
    QVERIFY(makeInterpolationPredictor("guided")->predict(in).labels.data() == shape.labels.data());
  }

  void noiseIsNotFollowed() {
    // An image of pure noise (no structure that moves): guided stays close to shape.
    const Moving m = movingDisc(33, 8.0);
    std::vector<int16_t> noise(m.image.geometry().voxelCount());
    std::mt19937 rng(5);
    std::normal_distribution<double> n(500.0, 40.0);
    for (auto& x : noise) x = int16_t(std::lround(n(rng)));
    const Volume noisy(m.image.geometry(), std::move(noise));
    const std::vector<int64_t> keys{0, 8, 16, 24, 32};
    const double guided = nonKeyDice(run("guided", m, keys, SliceAxis::Axial, &noisy), m.truth, keys);
    const double shape = nonKeyDice(run("shape", m, keys), m.truth, keys);
    qInfo("noise image: guided %.4f, shape %.4f", guided, shape);
    QVERIFY(std::abs(guided - shape) < 0.03);
  }

  void emptyHereKeyStopsAMovingStructure() {
    // The disc is on every slice, but the person marked slice 24 empty-here: it is gone before
    // slice 21 and present on slice 18. Its centre is 7.5 mm deep, so its clip is 3.75 mm
    // outside and 7.5 inside; flat at both keys, the cubic from 7.5 to -3.75 crosses zero where
    // 3t^2 - 2t^3 = 2/3, t = 0.61, slice 20.9.
    const Moving m = movingDisc(33, 8.0);
    LabelVolume input = keysOnly(m.truth, SliceAxis::Axial, {0, 8, 16});
    PredictionInput in;
    in.labels = &input;
    in.image = &m.image;
    in.keySlices = {0, 8, 16, 24, 32};
    const Proposal out = makeInterpolationPredictor("guided")->predict(in);
    const SlicePlane p = slicePlane(m.truth.geometry(), SliceAxis::Axial);
    for (int64_t s = 21; s < 33; ++s) QVERIFY(out.labels.sliceIsEmpty(p, s));
    QVERIFY(!out.labels.sliceIsEmpty(p, 18));
    QVERIFY(!out.labels.sliceIsEmpty(p, 20));
  }

  void drawnVoxelsAreKept() {
    const Moving m = movingDisc(17, 8.0);
    const std::vector<int64_t> keys{0, 8, 16};
    LabelVolume input = keysOnly(m.truth, SliceAxis::Axial, keys);
    ProvenanceVolume prov(m.truth.geometry());
    const ImageGeometry& g = m.truth.geometry();
    // A drawn voxel of another label far from the disc, and an erased one at its centre.
    input.set(2, 2, 4, 9);
    prov.set(g.linearIndex(2, 2, 4), VoxelOrigin::Drawn);
    const int64_t cu = std::lround(centreU(4, 17)), cv = std::lround(centreV(4));
    prov.set(g.linearIndex(cu, cv, 4), VoxelOrigin::Drawn);
    PredictionInput in;
    in.labels = &input;
    in.provenance = &prov;
    in.image = &m.image;
    in.keySlices = keys;
    const Proposal out = makeInterpolationPredictor("guided")->predict(in);
    QCOMPARE(out.labels.at(2, 2, 4), Label(9));
    QCOMPARE(out.labels.at(cu, cv, 4), Label(0));
    QCOMPARE(out.labels.at(cu + 3, cv, 4), Label(1));
  }

  void longGapsInBlocksGiveTheSameResult() {
    // Registering a few slices at a time (the second pass repeats all blocks but the last) must
    // give what one block gives.
    const Moving m = movingDisc(33, 8.0);
    const std::vector<int64_t> keys{0, 13, 32};
    const LabelVolume input = keysOnly(m.truth, SliceAxis::Axial, keys);
    PredictionInput in;
    in.labels = &input;
    in.image = &m.image;
    in.keySlices = keys;
    const Proposal whole = GuidedShapePredictor().predict(in);
    GuidedShapePredictor::Options o;
    o.blockBytes = 4.0 * 32 * 72 * 60;  // 4 pairs per block
    int calls = 0;
    in.progress = [&](double) { return ++calls > 0; };
    const Proposal blocks = GuidedShapePredictor(o).predict(in);
    QVERIFY(whole.labels.data() == blocks.labels.data());
    QCOMPARE(whole.sliceConfidence, blocks.sliceConfidence);
    // 32 registrations; the second pass repeats the first three blocks of 0..13 (12 pairs) and
    // the first four of 13..32 (16 pairs); 30 predicted slices.
    QCOMPARE(calls, 32 + 12 + 16 + 30);
  }

  void confidenceFallsWhereTheRegistrationFails() {
    // Slices 0..16 move smoothly; from slice 16 on the image is noise the registration cannot
    // explain. Both intervals are 8 slices long with equal keys, so only the registration's
    // residual separates their confidence.
    Moving m = movingDisc(33, 8.0);
    auto& voxels = std::get<std::vector<int16_t>>(m.image.storage());
    std::mt19937 rng(9);
    std::normal_distribution<double> n(500.0, 200.0);
    const ImageGeometry g = m.image.geometry();
    for (int64_t k = 17; k < 24; ++k)
      for (int64_t j = 0; j < g.size[1]; ++j)
        for (int64_t i = 0; i < g.size[0]; ++i) voxels[g.linearIndex(i, j, k)] = int16_t(std::lround(n(rng)));
    const Proposal out = run("guided", m, {0, 8, 16, 24});
    qInfo("confidence at 4: %.3f, at 20: %.3f", double(out.sliceConfidence[4]),
          double(out.sliceConfidence[20]));
    QVERIFY(out.sliceConfidence[20] < out.sliceConfidence[4] - 0.05);
    QCOMPARE(out.sliceConfidence[16], 1.0f);
    QVERIFY(out.sliceConfidence[4] < out.sliceConfidence[2]);  // further from the nearest key
  }

  void cancelStops() {
    const Moving m = movingDisc(33, 8.0);
    const std::vector<int64_t> keys{0, 16, 32};
    const LabelVolume input = keysOnly(m.truth, SliceAxis::Axial, keys);
    PredictionInput in;
    in.labels = &input;
    in.image = &m.image;
    in.keySlices = keys;
    int calls = 0;
    // Stop during the registrations: no slice is predicted after that.
    in.progress = [&](double) { return ++calls < 3; };
    QVERIFY_THROWS_EXCEPTION(PredictionCancelled, makeInterpolationPredictor("guided")->predict(in));
    QVERIFY(calls < 8);
  }
};

QTEST_GUILESS_MAIN(GuidedShapePredictorTest)
#include "GuidedShapePredictorTest.moc"
