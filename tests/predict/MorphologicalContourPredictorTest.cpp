#include <QTest>
#include <cmath>

#include "predict/MorphologicalContourPredictor.h"
#include "predict/MorphologicalMedian.h"
#include "metrics/SegmentationMetrics.h"
#include "predict/SliceComponents.h"
#include "predict/SlicePredictor.h"
#include "predict/SparseLabels.h"

using namespace slicewise;

namespace {

ImageGeometry grid(int64_t x, int64_t y, int64_t z) {
  ImageGeometry g;
  g.size = {x, y, z};
  return g;
}

// Draws a filled ellipse of label l on axial slice k.
void ellipse(LabelVolume& v, int64_t k, double cu, double cv, double ru, double rv, Label l = 1) {
  const auto& g = v.geometry();
  for (int64_t j = 0; j < g.size[1]; ++j)
    for (int64_t i = 0; i < g.size[0]; ++i) {
      const double x = (double(i) - cu) / ru, y = (double(j) - cv) / rv;
      if (x * x + y * y <= 1.0) v.set(i, j, k, l);
    }
}

Proposal morph(const LabelVolume& input, const std::vector<int64_t>& keys) {
  PredictionInput in;
  in.labels = &input;
  in.keySlices = keys;
  return MorphologicalContourPredictor().predict(in);
}

std::vector<ShapeMask> blobs(const LabelVolume& v, int64_t k, Label l = 1) {
  const SlicePlane p = slicePlane(v.geometry(), SliceAxis::Axial);
  return labelComponents(v.slice(p, k), p.width, p.height, l);
}

}  // namespace

class MorphologicalContourPredictorTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void medianOfConcentricDiscs() {
    // Discs of radius 4 and 10 around one centre: the median is the disc of radius 7.
    const int64_t w = 31, h = 31;
    std::vector<uint8_t> a(size_t(w * h)), b(size_t(w * h)), expected(size_t(w * h));
    for (int64_t v = 0; v < h; ++v)
      for (int64_t u = 0; u < w; ++u) {
        const int64_t r2 = (u - 15) * (u - 15) + (v - 15) * (v - 15);
        a[size_t(v * w + u)] = r2 <= 16;
        b[size_t(v * w + u)] = r2 <= 100;
        expected[size_t(v * w + u)] = r2 <= 49;
      }
    QCOMPARE(MorphologicalMedian::median(a, b, w, h, 1.0, 1.0), expected);
    const MorphologicalMedian::Interpolation between(a, b, w, h, 1.0, 1.0);
    QCOMPARE(between.at(0.0), a);
    QCOMPARE(between.at(1.0), b);
  }

  void splitStaysTwoBlobs() {
    // Key 0: one wide blob; key 10: two discs under its two ends, a gap at u = 32 between.
    LabelVolume input(grid(64, 48, 11));
    ellipse(input, 0, 32, 24, 22, 8);
    ellipse(input, 10, 18, 24, 7, 7);
    ellipse(input, 10, 46, 24, 7, 7);
    const Proposal out = morph(input, {0, 10});
    for (int64_t k = 1; k < 10; ++k) {
      const auto parts = blobs(out.labels, k);
      QVERIFY2(parts.size() == 2, qPrintable(QString("slice %1: %2 blobs").arg(k).arg(parts.size())));
      // The split runs through the gap around u = 32 (the wide blob's pixels there are equally
      // near both discs and go to the left one); it widens as the blobs move apart.
      qInfo("slice %lld: left blob ends at %lld, right starts at %lld", (long long)k,
            (long long)parts[0].box.u1 - 1, (long long)parts[1].box.u0);
      const double gapMiddle = 0.5 * double(parts[0].box.u1 - 1 + parts[1].box.u0);
      QVERIFY(parts[0].box.u1 - 1 <= 32 && parts[1].box.u0 >= 34);
      QVERIFY(gapMiddle >= 32.0 && gapMiddle <= 33.5);
      QVERIFY(std::abs(parts[0].cu - (64 - parts[1].cu)) <= 1.0);  // nearly mirror images
    }
    // And the blobs narrow from the wide blob's halves towards the discs.
    QVERIFY(blobs(out.labels, 2)[0].area > blobs(out.labels, 8)[0].area);
  }

  void mergeIsTheSplitReversed() {
    LabelVolume input(grid(64, 48, 11));
    ellipse(input, 10, 32, 24, 22, 8);
    ellipse(input, 0, 18, 24, 7, 7);
    ellipse(input, 0, 46, 24, 7, 7);
    const Proposal out = morph(input, {0, 10});
    for (int64_t k = 1; k < 10; ++k) QCOMPARE(blobs(out.labels, k).size(), size_t(2));
  }

  void blobOnOneKeyVanishesByHalfWay() {
    // Label 1 on both keys; label 2 only on key 0 (and key 10 empty for it): it shrinks and is
    // gone from slice 5 on, closing like a rounded end: at slice k (a fraction f = k/5 of the
    // way to half-way) pixels not deeper than 1 - sqrt(1 - f^2) of its 6-pixel depth go:
    // 0.12 and 0.50 pixels at slices 1 and 2, less than any pixel's depth (1 at the rim), so it
    // keeps its whole area there; 1.2 and 2.4 pixels at slices 3 and 4. Label 3 appears
    // symmetrically from the other side.
    LabelVolume input(grid(60, 40, 11));
    ellipse(input, 0, 15, 20, 8, 8, 1);
    ellipse(input, 10, 15, 20, 8, 8, 1);
    ellipse(input, 0, 40, 20, 9, 6, 2);
    ellipse(input, 10, 42, 30, 5, 5, 3);
    const Proposal out = morph(input, {0, 10});
    int64_t previous = blobs(input, 0, 2)[0].area;
    QCOMPARE(blobs(out.labels, 1, 2)[0].area, previous);
    QCOMPARE(blobs(out.labels, 2, 2)[0].area, previous);
    for (int64_t k = 3; k < 5; ++k) {
      const auto b = blobs(out.labels, k, 2);
      QCOMPARE(b.size(), size_t(1));
      QVERIFY(b[0].area < previous);
      QVERIFY(std::abs(b[0].cu - 40) <= 0.5 && std::abs(b[0].cv - 20) <= 0.5);
      previous = b[0].area;
    }
    for (int64_t k = 5; k < 10; ++k) QVERIFY(blobs(out.labels, k, 2).empty());
    for (int64_t k = 1; k <= 5; ++k) QVERIFY(blobs(out.labels, k, 3).empty());
    for (int64_t k = 6; k < 10; ++k) QCOMPARE(blobs(out.labels, k, 3).size(), size_t(1));
    for (int64_t k = 1; k < 10; ++k) QCOMPARE(blobs(out.labels, k, 1)[0].area, blobs(input, 0, 1)[0].area);
  }

  void shiftedBlobMovesLinearly_data() {
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");
    QTest::newRow("overlapping") << 20.0 << 28.0;
    QTest::newRow("disjoint") << 14.0 << 44.0;
  }
  void shiftedBlobMovesLinearly() {
    QFETCH(double, from);
    QFETCH(double, to);
    LabelVolume input(grid(64, 32, 11));
    ellipse(input, 0, from, 16, 7, 5);
    ellipse(input, 10, to, 16, 7, 5);
    const Proposal out = morph(input, {0, 10});
    for (int64_t k = 1; k < 10; ++k) {
      const auto b = blobs(out.labels, k);
      QCOMPARE(b.size(), size_t(1));
      const double expected = from + (to - from) * double(k) / 10.0;
      QVERIFY2(std::abs(b[0].cu - expected) <= 1.0,
               qPrintable(QString("slice %1: centroid %2, linear %3").arg(k).arg(b[0].cu).arg(expected)));
      QVERIFY(std::abs(b[0].cv - 16) <= 1.0);
      QVERIFY(std::abs(double(b[0].area) - double(blobs(input, 0)[0].area)) <= 0.15 * double(b[0].area));
    }
  }

  void sphereBetterThanNearest() {
    ImageGeometry g = grid(64, 64, 64);
    LabelVolume sphere(g);
    for (int64_t k = 0; k < 64; ++k)
      for (int64_t j = 0; j < 64; ++j)
        for (int64_t i = 0; i < 64; ++i) {
          const double x = double(i) - 31.5, y = double(j) - 31.5, z = double(k) - 31.5;
          if (x * x + y * y + z * z <= 400.0) sphere.set(i, j, k, 1);
        }
    std::vector<int64_t> keys;
    for (int64_t k = 0; k < 64; k += 5) keys.push_back(k);
    const Proposal out = morph(keepOnlySlices(sphere, SliceAxis::Axial, keys), keys);
    const auto score = SegmentationMetrics::compare(
        sphere, out.labels, SliceRestriction{SliceAxis::Axial, SegmentationMetrics::otherSlices(64, keys)});
    qInfo("sphere r=20 every 5th slice: morph %.4f", *score.meanDice);
    QVERIFY(*score.meanDice >= 0.96);
  }

  void smallStructuresEndingBetweenKeysTieWithNearest() {
    // Keys 8 slices apart, small ellipsoids (7 to 10 slices long) that start and end between
    // them: each appears on one or two keys only. Copying the nearest key keeps a structure
    // whole until half-way, which suits this case well (shape-based interpolation, whose
    // structures fade sooner, scores 0.554); morph, closing each end as a rounded cap, ties
    // with it (0.6577 against 0.6579).
    ImageGeometry g = grid(64, 64, 57);
    LabelVolume truth(g);
    const double centres[6][3] = {{14, 14, 9}, {40, 16, 21}, {20, 44, 30}, {48, 46, 37},
                                  {30, 30, 44}, {12, 32, 18}};
    for (int e = 0; e < 6; ++e)
      for (int64_t k = 0; k < 57; ++k)
        for (int64_t j = 0; j < 64; ++j)
          for (int64_t i = 0; i < 64; ++i) {
            const double x = (double(i) - centres[e][0]) / 6.0, y = (double(j) - centres[e][1]) / 4.5;
            const double z = (double(k) - centres[e][2]) / (3.5 + 0.3 * e);
            if (x * x + y * y + z * z <= 1.0) truth.set(i, j, k, Label(e + 1));
          }
    std::vector<int64_t> keys;
    for (int64_t k = 4; k < 57; k += 8) keys.push_back(k);
    const LabelVolume input = keepOnlySlices(truth, SliceAxis::Axial, keys);
    const SliceRestriction rest{SliceAxis::Axial, SegmentationMetrics::otherSlices(57, keys)};
    PredictionInput in;
    in.labels = &input;
    in.keySlices = keys;
    const double nearest =
        *SegmentationMetrics::compare(truth, makeInterpolationPredictor("nearest")->predict(in).labels, rest).meanDice;
    const double m = *SegmentationMetrics::compare(truth, morph(input, keys).labels, rest).meanDice;
    const double sh =
        *SegmentationMetrics::compare(truth, makeInterpolationPredictor("shape")->predict(in).labels, rest).meanDice;
    qInfo("small structures, keys 8 apart: morph %.4f, nearest %.4f, shape %.4f", m, nearest, sh);
    QVERIFY(m >= nearest - 0.001);
    QVERIFY(m > sh + 0.05);
  }
};

QTEST_GUILESS_MAIN(MorphologicalContourPredictorTest)
#include "MorphologicalContourPredictorTest.moc"
