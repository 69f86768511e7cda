#include <QTest>

#include "metrics/SegmentationMetrics.h"

using namespace slicewise;

namespace {

ImageGeometry grid(int64_t x, int64_t y, int64_t z, Vec3 spacing = {1, 1, 1}) {
  ImageGeometry g;
  g.size = {x, y, z};
  g.spacing = spacing;
  return g;
}

const LabelScore* find(const SegmentationScore& s, Label l) {
  for (const auto& e : s.labels)
    if (e.label == l) return &e;
  return nullptr;
}

}  // namespace

class SegmentationMetricsTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void shiftedLineSegment() {
    // 1D along x with 2 mm voxels: truth {0,1}, prediction {1,2}. Every voxel is on the surface.
    LabelVolume truth(grid(4, 1, 1, {2, 1, 1})), pred(grid(4, 1, 1, {2, 1, 1}));
    truth.set(0, 0, 0, 1);
    truth.set(1, 0, 0, 1);
    pred.set(1, 0, 0, 1);
    pred.set(2, 0, 0, 1);
    // Label 2 only in the truth: Dice 0, distances null.
    truth.set(3, 0, 0, 2);
    const auto s = SegmentationMetrics::compare(truth, pred);
    QCOMPARE(s.labels.size(), size_t(2));
    const LabelScore* one = find(s, 1);
    QCOMPARE(one->dice, 0.5);
    // Directed means: T->P (2 + 0)/2 = 1, P->T (0 + 2)/2 = 1; 95th percentiles 2 and 2.
    QCOMPARE(*one->avgHausdorffMm, 1.0);
    QCOMPARE(*one->hd95Mm, 2.0);
    const LabelScore* two = find(s, 2);
    QCOMPARE(two->dice, 0.0);
    QVERIFY(!two->avgHausdorffMm && !two->hd95Mm);
    QCOMPARE(*s.meanDice, 0.25);
    QCOMPARE(*s.meanAvgHausdorffMm, 1.0);
    QCOMPARE(s.undefinedHausdorff, 1);
  }

  void bothEmpty() {
    LabelVolume truth(grid(3, 3, 3)), pred(grid(3, 3, 3));
    const auto s = SegmentationMetrics::compare(truth, pred);
    QVERIFY(s.labels.empty());
    QVERIFY(!s.meanDice && !s.meanAvgHausdorffMm && !s.meanHd95Mm);
    QCOMPARE(s.evaluatedSlices, int64_t(3));
  }

  void missingMiddleSlice() {
    // A 3x3x3 cube (2 mm slices); the prediction lacks its middle slice.
    LabelVolume truth(grid(5, 5, 3, {1, 1, 2})), pred(grid(5, 5, 3, {1, 1, 2}));
    for (int64_t k = 0; k < 3; ++k)
      for (int64_t j = 1; j <= 3; ++j)
        for (int64_t i = 1; i <= 3; ++i) {
          truth.set(i, j, k, 1);
          if (k != 1) pred.set(i, j, k, 1);
        }
    const auto whole = SegmentationMetrics::compare(truth, pred);
    QCOMPARE(whole.labels[0].dice, 36.0 / 45.0);
    // Truth surface: 26 voxels (all but the centre); 8 of them (middle ring) lie 2 mm from the
    // prediction's surface, the rest on it. Prediction surface: 18 voxels, all on the truth's.
    QCOMPARE(*whole.labels[0].avgHausdorffMm, 0.5 * (8.0 * 2.0 / 26.0 + 0.0));
    // Nearest rank ceil(0.95 * 26) = 25 -> 2 mm; prediction side 0.
    QCOMPARE(*whole.labels[0].hd95Mm, 1.0);

    const auto middle =
        SegmentationMetrics::compare(truth, pred, SliceRestriction{SliceAxis::Axial, {1}});
    QCOMPARE(middle.evaluatedSlices, int64_t(1));
    QCOMPARE(middle.labels[0].dice, 0.0);
    QVERIFY(!middle.labels[0].avgHausdorffMm);
    QCOMPARE(middle.undefinedHausdorff, 1);

    const auto outer =
        SegmentationMetrics::compare(truth, pred, SliceRestriction{SliceAxis::Axial, {0, 2}});
    QCOMPARE(outer.labels[0].dice, 1.0);
    QCOMPARE(*outer.labels[0].avgHausdorffMm, 0.0);
    QCOMPARE(*outer.labels[0].hd95Mm, 0.0);
  }

  void otherSlices() {
    QCOMPARE(SegmentationMetrics::otherSlices(6, {0, 3, 5}), (std::vector<int64_t>{1, 2, 4}));
  }
};

QTEST_GUILESS_MAIN(SegmentationMetricsTest)
#include "SegmentationMetricsTest.moc"
