#include <QTest>
#include <cmath>

#include "predict/LabelProbabilities.h"

using namespace slicewise;

namespace {

SlicePlane row(int64_t width, double spacing) {
  SlicePlane p;
  p.width = width;
  p.height = 1;
  p.spacingU = spacing;
  p.spacingV = spacing;
  return p;
}

bool near(float a, double b) { return std::abs(double(a) - b) < 1e-4; }

}  // namespace

class LabelProbabilitiesTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void logisticOfDistanceOverTau() {
    // Label 1 on pixels 0-2 of a 1 mm row: the outline lies at u = 2.5, so pixels 1, 2, 3, 4 are
    // +1.5, +0.5, -0.5, -1.5 mm from it. tau = 0.5 mm: logistic(3), (1), (-1), (-3).
    const std::vector<Label> slice{1, 1, 1, 0, 0};
    std::vector<float> sum(2 * 5, 0.0f);
    LabelProbabilities::accumulate(slice, row(5, 1.0), {0, 1}, 0.5, sum.data());
    QVERIFY(near(sum[5 + 1], 0.952574));
    QVERIFY(near(sum[5 + 2], 0.731059));
    QVERIFY(near(sum[5 + 3], 0.268941));
    QVERIFY(near(sum[5 + 4], 0.047426));
    for (int i = 0; i < 5; ++i) QVERIFY(near(sum[i] + sum[5 + i], 1.0));
    // Accumulates: a second call adds the same again.
    LabelProbabilities::accumulate(slice, row(5, 1.0), {0, 1}, 0.5, sum.data());
    QVERIFY(near(sum[5 + 2], 2 * 0.731059));
  }

  void spacingAndSeveralLabels() {
    // 2 mm pixels, labels 1 | 2 touching, tau 2 mm: pixel 1 (label 1) is +1 mm inside 1 and
    // -1 mm outside 2; logits 0 (background), 0.5, -0.5: softmax 1 : e^0.5 : e^-0.5.
    const std::vector<Label> slice{1, 1, 2, 2};
    std::vector<float> sum(3 * 4, 0.0f);
    LabelProbabilities::accumulate(slice, row(4, 2.0), {0, 1, 2}, 2.0, sum.data());
    const double total = 1 + std::exp(0.5) + std::exp(-0.5);
    QVERIFY(near(sum[0 + 1], 1 / total));
    QVERIFY(near(sum[4 + 1], std::exp(0.5) / total));
    QVERIFY(near(sum[8 + 1], std::exp(-0.5) / total));
  }

  void absentClassesAndUnknownLabels() {
    // Class 7 is absent: ~0 everywhere. Label 9 is not a class: background.
    const std::vector<Label> slice{9, 9, 0, 0};
    std::vector<float> sum(2 * 4, 0.0f);
    LabelProbabilities::accumulate(slice, row(4, 1.0), {0, 7}, 1.0, sum.data());
    for (int i = 0; i < 4; ++i) {
      QVERIFY(sum[4 + i] < 1e-4f);
      QVERIFY(near(sum[i], 1.0));
    }
  }
};

QTEST_GUILESS_MAIN(LabelProbabilitiesTest)
#include "LabelProbabilitiesTest.moc"
