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
    // Air (-1000) in more than 1 % of an int16 volume: a CT; without labelled voxels the window
    // is -1000..1000, mapped to [-1, 1].
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
    ct.ctWindowFromLabels = false;
    ct.ctWindowLow = -160;
    ct.ctWindowHigh = 240;
    const IntensityNormaliser w = IntensityNormaliser::fit(ramp(std::vector<int16_t>(10, 0)), ct);
    QCOMPARE(w(40.0f), 0.0f);
    QCOMPARE(w(240.0f), 1.0f);
    QCOMPARE(w(-60.0f), -0.5f);
  }

  void ctWindowIsThePresetHoldingTheLabelledVoxels() {
    std::vector<int16_t> v(100, 40);
    for (int i = 0; i < 10; ++i) v[size_t(i)] = -1000;
    const Volume ct = ramp(v);
    const auto window = [&](std::vector<float> labelled) {
      const IntensityNormaliser n = IntensityNormaliser::fit(ct, UNetParameters{}, std::move(labelled));
      return std::pair{n.windowLow(), n.windowHigh()};
    };
    // 21 values evenly from `from` to `to`: the 5th and 95th percentiles are the 2nd and 20th.
    const auto spread = [](float from, float to) {
      std::vector<float> values;
      for (int i = 0; i <= 20; ++i) values.push_back(from + (to - from) * float(i) / 20.0f);
      return values;
    };
    using W = std::pair<double, double>;
    // Liver and spleen, 50..130 HU: the soft-tissue window (W 400, L 40).
    QCOMPARE(window(spread(50, 130)), (W{-160, 240}));
    // Grey and white matter, 20..60 HU: the brain window (W 80, L 40).
    QCOMPARE(window(spread(20, 60)), (W{0, 80}));
    // Lung parenchyma, -900..-500 HU: the lung window (W 1500, L -600).
    QCOMPARE(window(spread(-900, -500)), (W{-1350, 150}));
    // Cortical bone, 300..1300 HU: the bone window (W 2000, L 400).
    QCOMPARE(window(spread(300, 1300)), (W{-600, 1400}));
    // A stomach with gas: its 5th percentile is air; the lung window holds -944..64.
    QCOMPARE(window(spread(-1000, 120)), (W{-1350, 150}));
    // Only the outer 5 % on each side may fall outside: one of 21 values at 500 HU (beyond the
    // 95th percentile's position, 19) keeps the soft-tissue window; three move it to bone.
    std::vector<float> tail = spread(50, 130);
    tail[20] = 500;
    QCOMPARE(window(tail), (W{-160, 240}));
    tail[19] = 500;
    tail[18] = 500;
    QCOMPARE(window(tail), (W{-600, 1400}));
    // Metal (3000 HU) fits no preset; no labelled voxels: -1000..1000.
    QCOMPARE(window(std::vector<float>(5, 3000)), (W{-1000, 1000}));
    QCOMPARE(window({}), (W{-1000, 1000}));
    const IntensityNormaliser n = IntensityNormaliser::fit(ct, UNetParameters{}, spread(50, 130));
    QCOMPARE(n(40.0f), 0.0f);
    QCOMPARE(n(240.0f), 1.0f);
    QCOMPARE(n(-1000.0f), -1.0f);
    // A window given in the parameters is used whatever the labels.
    UNetParameters given;
    given.ctWindowFromLabels = false;
    QCOMPARE(IntensityNormaliser::fit(ct, given, spread(50, 130)).windowLow(), -1000.0);
    // An MRI (z-score) ignores them.
    QCOMPARE(IntensityNormaliser::fit(ramp(std::vector<int16_t>{1, 2, 3}), UNetParameters{}, spread(50, 130)).mode(),
             IntensityMode::ZScore);
  }

  void flatVolumeStaysFinite() {
    const IntensityNormaliser n = IntensityNormaliser::fit(ramp(std::vector<int16_t>(50, 7)), UNetParameters{});
    QCOMPARE(n(7.0f), 0.0f);
    QVERIFY(std::isfinite(n(8.0f)));
  }
};

QTEST_GUILESS_MAIN(IntensityNormaliserTest)
#include "IntensityNormaliserTest.moc"
