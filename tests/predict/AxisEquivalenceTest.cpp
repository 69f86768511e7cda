#include <QTest>
#include <array>
#include <cmath>

#include "metrics/SegmentationMetrics.h"
#include "select/SelectorFactory.h"
#include "predict/SlicePredictor.h"
#include "select/SliceSelector.h"

using namespace slicewise;

namespace {

// One anisotropic volume (0.7 x 1.3 x 2.5 mm) with two ellipsoids, and the same voxels stored so
// that its axial slices become the coronal or the sagittal slices of another volume, with the
// spacings permuted alike. Every selector, predictor and metric must give the same answer on
// the three, so a mix-up of u, v, normal or their spacings on one axis shows up as a difference.
constexpr int64_t kX = 37, kY = 29, kZ = 41;
constexpr Vec3 kSpacing{0.7, 1.3, 2.5};

Label phantomLabel(int64_t i, int64_t j, int64_t k) {
  const double x = double(i - 18) * 0.7 / 10, y = double(j - 14) * 1.3 / 12, z = double(k - 20) * 2.5 / 40;
  if (x * x + y * y + z * z < 1) return 3;
  const double a = double(i - 8) * 0.7 / 4, b = double(j - 22) * 1.3 / 5, c = double(k - 12) * 2.5 / 20;
  return a * a + b * b + c * c < 1 ? 7 : 0;
}

int16_t phantomValue(int64_t i, int64_t j, int64_t k) {
  return int16_t(20 * phantomLabel(i, j, k) + (i * 7 + j * 13 + k * 29) % 31 + k);
}

// Where voxel (i, j, k) of the axial layout lies in the layout whose `axis` slices are its
// axial slices (u = i, v = j stay the in-plane axes).
std::array<int64_t, 3> placed(SliceAxis axis, int64_t i, int64_t j, int64_t k) {
  if (axis == SliceAxis::Coronal) return {i, k, j};
  if (axis == SliceAxis::Sagittal) return {k, i, j};
  return {i, j, k};
}

ImageGeometry layout(SliceAxis axis) {
  ImageGeometry g;
  const auto s = placed(axis, kX, kY, kZ);
  const auto sp = placed(axis, 0, 1, 2);
  g.size = {s[0], s[1], s[2]};
  for (int d = 0; d < 3; ++d) g.spacing[size_t(d)] = kSpacing[size_t(sp[size_t(d)])];
  return g;
}

struct Case {
  Volume image;
  LabelVolume truth;
};

Case makeCase(SliceAxis axis) {
  const ImageGeometry g = layout(axis);
  std::vector<int16_t> voxels(g.voxelCount());
  LabelVolume truth(g);
  for (int64_t k = 0; k < kZ; ++k)
    for (int64_t j = 0; j < kY; ++j)
      for (int64_t i = 0; i < kX; ++i) {
        const auto p = placed(axis, i, j, k);
        voxels[g.linearIndex(p[0], p[1], p[2])] = phantomValue(i, j, k);
        truth.set(p[0], p[1], p[2], phantomLabel(i, j, k));
      }
  return {Volume(g, std::move(voxels)), std::move(truth)};
}

// The prediction read back in the axial layout's voxel order.
std::vector<Label> inAxialOrder(const LabelVolume& v, SliceAxis axis) {
  std::vector<Label> out;
  out.reserve(size_t(kX * kY * kZ));
  for (int64_t k = 0; k < kZ; ++k)
    for (int64_t j = 0; j < kY; ++j)
      for (int64_t i = 0; i < kX; ++i) {
        const auto p = placed(axis, i, j, k);
        out.push_back(v.at(p[0], p[1], p[2]));
      }
  return out;
}

}  // namespace

class AxisEquivalenceTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void layoutsAreWhatTheTestAssumes() {
    for (SliceAxis axis : {SliceAxis::Axial, SliceAxis::Coronal, SliceAxis::Sagittal}) {
      const SlicePlane p = slicePlane(layout(axis), axis);
      QCOMPARE(p.count, kZ);
      QCOMPARE(p.width, kX);
      QCOMPARE(p.height, kY);
      QCOMPARE(p.spacingU, 0.7);
      QCOMPARE(p.spacingV, 1.3);
      QCOMPARE(p.spacingNormal, 2.5);
    }
  }

  void selectorsAgreeOnEveryAxis() {
    const Case axial = makeCase(SliceAxis::Axial);
    for (const char* name : {"random", "keep_n", "kmeans", "histogram", "ssim"}) {
      SelectionRequest r;
      r.count = 9;
      r.seed = 3;
      const auto expected = makeCoreSelector(name)->select(axial.image, r);
      QCOMPARE(expected.size(), size_t(9));
      for (SliceAxis axis : {SliceAxis::Coronal, SliceAxis::Sagittal}) {
        r.axis = axis;
        QCOMPARE(makeCoreSelector(name)->select(makeCase(axis).image, r), expected);
      }
    }
  }

  void predictorsAndMetricsAgreeOnEveryAxis() {
    const std::vector<int64_t> keys{2, 6, 9, 15, 22, 30, 38};
    const auto nonKeys = SegmentationMetrics::otherSlices(kZ, keys);
    const Case axial = makeCase(SliceAxis::Axial);
    for (const auto& name : interpolationPredictorNames()) {
      const auto predictor = makeInterpolationPredictor(name);
      std::vector<Label> expected;
      std::vector<float> confidence;
      SegmentationScore score;
      for (SliceAxis axis : {SliceAxis::Axial, SliceAxis::Coronal, SliceAxis::Sagittal}) {
        const Case c = axis == SliceAxis::Axial ? axial : makeCase(axis);
        const SlicePlane p = slicePlane(c.truth.geometry(), axis);
        LabelVolume sparse(c.truth.geometry());
        for (int64_t k : keys) sparse.setSlice(p, k, c.truth.slice(p, k));
        PredictionInput in;
        in.labels = &sparse;
        in.image = &c.image;  // for the predictors that follow it
        in.axis = axis;
        in.keySlices = keys;
        const Proposal out = predictor->predict(in);
        const SegmentationScore s =
            SegmentationMetrics::compare(c.truth, out.labels, SliceRestriction{axis, nonKeys});
        QVERIFY(s.meanDice && s.meanAvgHausdorffMm && s.meanHd95Mm);
        if (axis == SliceAxis::Axial) {
          expected = inAxialOrder(out.labels, axis);
          confidence = out.sliceConfidence;
          score = s;
          QVERIFY2(*s.meanDice > 0.85, name.c_str());
          continue;
        }
        QVERIFY2(inAxialOrder(out.labels, axis) == expected, name.c_str());
        QCOMPARE(out.sliceConfidence, confidence);
        QCOMPARE(s.evaluatedSlices, score.evaluatedSlices);
        QCOMPARE(s.labels.size(), score.labels.size());
        for (size_t l = 0; l < s.labels.size(); ++l) {
          QCOMPARE(s.labels[l].label, score.labels[l].label);
          QCOMPARE(s.labels[l].dice, score.labels[l].dice);
          QVERIFY(std::abs(*s.labels[l].avgHausdorffMm - *score.labels[l].avgHausdorffMm) < 1e-9);
          QVERIFY(std::abs(*s.labels[l].hd95Mm - *score.labels[l].hd95Mm) < 1e-9);
        }
      }
    }
  }
};

QTEST_GUILESS_MAIN(AxisEquivalenceTest)
#include "AxisEquivalenceTest.moc"
