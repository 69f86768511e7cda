#include <QTest>

#include "jobs/IntensityNormaliser.h"

using namespace slicewise;

namespace {

Volume ramp(std::vector<int16_t> values) {
  ImageGeometry g;
  g.size = {int64_t(values.size()), 1, 1};
  return Volume(g, std::move(values));
}

}  // namespace

class IntensityNormaliserTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void robustZScore() {
    // 0..99: quartiles at sorted positions round(0.25 * 99) = 25, 50, 74 -> values 25, 50, 74;
    // IQR 49, sigma 49 / 1.349 = 36.3232.
    std::vector<int16_t> v(100);
    for (int i = 0; i < 100; ++i) v[size_t(i)] = int16_t(99 - i);
    const IntensityNormaliser n = IntensityNormaliser::fit(ramp(v), UNetParameters{});
    QCOMPARE(n.mode(), IntensityMode::ZScore);
    QCOMPARE(n(50.0f), 0.0f);
    QVERIFY(std::abs(n(50.0f + 49.0f / 1.349f) - 1.0f) < 1e-5f);
    QCOMPARE(n(1e6f), 5.0f);  // clipped
    QCOMPARE(n(-1e6f), -5.0f);
  }

  void ctWindowForHounsfieldVolumes() {
    // Air (-1000) in more than 1 % of an int16 volume: a CT; window -1000..1000 to [-1, 1].
    std::vector<int16_t> v(100, 40);
    for (int i = 0; i < 10; ++i) v[size_t(i)] = -1000;
    const IntensityNormaliser n = IntensityNormaliser::fit(ramp(v), UNetParameters{});
    QCOMPARE(n.mode(), IntensityMode::CtWindow);
    QCOMPARE(n(-1000.0f), -1.0f);
    QCOMPARE(n(0.0f), 0.0f);
    QCOMPARE(n(500.0f), 0.5f);
    QCOMPARE(n(3000.0f), 1.0f);
    UNetParameters z;
    z.intensity = IntensityMode::ZScore;
    QCOMPARE(IntensityNormaliser::fit(ramp(v), z).mode(), IntensityMode::ZScore);
    UNetParameters ct;
    ct.intensity = IntensityMode::CtWindow;
    ct.ctWindowLow = -160;
    ct.ctWindowHigh = 240;
    const IntensityNormaliser w = IntensityNormaliser::fit(ramp(std::vector<int16_t>(10, 0)), ct);
    QCOMPARE(w(40.0f), 0.0f);
    QCOMPARE(w(240.0f), 1.0f);
    QCOMPARE(w(-60.0f), -0.5f);
  }

  void flatVolumeStaysFinite() {
    const IntensityNormaliser n = IntensityNormaliser::fit(ramp(std::vector<int16_t>(50, 7)), UNetParameters{});
    QCOMPARE(n(7.0f), 0.0f);
    QVERIFY(std::isfinite(n(8.0f)));
  }
};

QTEST_GUILESS_MAIN(IntensityNormaliserTest)
#include "IntensityNormaliserTest.moc"
