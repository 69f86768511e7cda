#include <QTest>
#include <cmath>

#include "predict/DisplacementField.h"

using namespace slicewise;

namespace {

DisplacementField uniform(int64_t w, int64_t h, float du, float dv) {
  DisplacementField f(w, h);
  std::fill(f.du().begin(), f.du().end(), du);
  std::fill(f.dv().begin(), f.dv().end(), dv);
  return f;
}

}  // namespace

class DisplacementFieldTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void samplesBilinearlyAndClampsAtTheBorder() {
    DisplacementField f(3, 2);
    f.du() = {0, 1, 2, 10, 11, 12};
    f.dv() = {0, 0, 0, 4, 4, 4};
    float du, dv;
    f.sample(0.5, 0.5, du, dv);
    QCOMPARE(du, 5.5f);  // mean of 0, 1, 10, 11
    QCOMPARE(dv, 2.0f);
    f.sample(2.0, 1.0, du, dv);
    QCOMPARE(du, 12.0f);
    f.sample(7.0, -3.0, du, dv);  // beyond the grid: the nearest border pixel (2, 0)
    QCOMPARE(du, 2.0f);
    QCOMPARE(dv, 0.0f);
    QCOMPARE(f.maxLength(), float(std::sqrt(12.0 * 12.0 + 16.0)));
  }

  void composesFirstThenSecond() {
    // first: x -> x + (u / 10, 0); second: y -> y + (0, 2). Pixel (u, v) goes to
    // (u + u/10, v + 2): the second is read where the first lands.
    DisplacementField first(8, 4), second = uniform(8, 4, 0, 2);
    for (int64_t v = 0; v < 4; ++v)
      for (int64_t u = 0; u < 8; ++u) first.du()[size_t(v * 8 + u)] = float(u) / 10.0f;
    const auto both = DisplacementField::compose(first, second);
    QCOMPARE(both.du()[3], 0.3f);
    QCOMPARE(both.dv()[3], 2.0f);
    // And the other way round the shift along u is read at v + 2 (unchanged along v).
    const auto reverse = DisplacementField::compose(second, first);
    QCOMPARE(reverse.du()[3], 0.3f);
    QCOMPARE(reverse.dv()[3], 2.0f);
  }

  void inverseUndoesASmoothField() {
    // f(x) = (0.8 sin(v / 5), 0.5 cos(u / 7)); f then its inverse is the identity to within
    // the fixed point's precision.
    const int64_t w = 40, h = 30;
    DisplacementField f(w, h);
    for (int64_t v = 0; v < h; ++v)
      for (int64_t u = 0; u < w; ++u) {
        f.du()[size_t(v * w + u)] = float(0.8 * std::sin(double(v) / 5.0));
        f.dv()[size_t(v * w + u)] = float(0.5 * std::cos(double(u) / 7.0));
      }
    const auto roundTrip = DisplacementField::compose(DisplacementField::invert(f), f);
    for (int64_t v = 2; v < h - 2; ++v)
      for (int64_t u = 2; u < w - 2; ++u) {
        QVERIFY(std::abs(roundTrip.du()[size_t(v * w + u)]) < 0.01f);
        QVERIFY(std::abs(roundTrip.dv()[size_t(v * w + u)]) < 0.01f);
      }
  }
};

QTEST_GUILESS_MAIN(DisplacementFieldTest)
#include "DisplacementFieldTest.moc"
