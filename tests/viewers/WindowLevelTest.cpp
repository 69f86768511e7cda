// The window a view opens with, on float images holding NaN and infinite voxels.
#include <QTest>
#include <cmath>
#include <limits>

#include "viewers/WindowLevel.h"

using namespace slicewise;

namespace {

// 0, 1, ..., 999 as float, with `bad` written over every 100th voxel.
Volume rampWith(float bad) {
  ImageGeometry g;
  g.size = {10, 10, 10};
  std::vector<float> v(1000);
  for (size_t i = 0; i < v.size(); ++i) v[i] = i % 100 == 50 ? bad : float(i);
  return Volume(g, v);
}

}  // namespace

class WindowLevelTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // The 0.5th and 99.5th percentiles of the 990 finite voxels (sorted, indices 4 and 984 hold
  // 4 and 994), then 20 % headroom: window 4 .. 4 + 1.2 * 990 = 1192.
  void nonFiniteVoxelsAreLeftOut() {
    for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                      -std::numeric_limits<float>::infinity()}) {
      const WindowLevel w = WindowLevel::suggest(rampWith(bad));
      QVERIFY2(std::isfinite(w.center) && std::isfinite(w.width), qPrintable(QString::number(bad)));
      QCOMPARE(w.center, 0.5 * (4.0 + 1192.0));
      QCOMPARE(w.width, 1188.0);
    }
  }

  // +inf is no reason to take a float image for CT (which needs -900 .. 300 HU).
  void infinityDoesNotMakeCt() {
    QVERIFY(!WindowLevel::looksLikeCt(rampWith(std::numeric_limits<float>::infinity())));
    QVERIFY(!WindowLevel::looksLikeCt(rampWith(-std::numeric_limits<float>::infinity())));
  }
};

QTEST_GUILESS_MAIN(WindowLevelTest)
#include "WindowLevelTest.moc"
