#include <QTest>
#include <cmath>
#include <random>

#include "predict/IntensityQuantiles.h"

using namespace slicewise;

namespace {

Volume volume(std::vector<int16_t> voxels, int64_t w, int64_t h, int64_t d) {
  ImageGeometry g;
  g.size = {w, h, d};
  return Volume(g, std::move(voxels));
}

}  // namespace

class IntensityQuantilesTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void ranksInTheVolume() {
    // Values 0 .. 1024, once each (1025 voxels): a value's rank is value / 1024.
    std::vector<int16_t> v(1025);
    for (size_t i = 0; i < v.size(); ++i) v[i] = int16_t(i);
    const Volume vol = volume(v, 1025, 1, 1);
    const IntensityQuantiles q(vol);
    QCOMPARE(q.normalise(0), 0.0f);
    QCOMPARE(q.normalise(256), 0.25f);
    QCOMPARE(q.normalise(1024), 1.0f);
    QCOMPARE(q.normalise(-5), 0.0f);
    QCOMPARE(q.normalise(2000), 1.0f);
    QCOMPARE(q.normalise(512.5f), 0.5f + 0.5f / 1024.0f);  // between knots: linear
    // Integer volumes are looked up: the slice gives the same values.
    const SlicePlane p = slicePlane(vol.geometry(), SliceAxis::Axial);
    const auto s = q.slice(vol, p, 0);
    QCOMPARE(s[256], 0.25f);
  }

  void tiesTakeTheMiddleOfTheirRanks() {
    // A CT-like volume: three quarters air at -1000, a quarter tissue 0 .. 255. Air takes the
    // ranks 0 .. 3/4 and maps to their middle, 3/8.
    std::vector<int16_t> v(1024, -1000);
    for (size_t i = 0; i < 256; ++i) v[768 + i] = int16_t(i);
    const IntensityQuantiles q(volume(v, 1024, 1, 1));
    QVERIFY(std::abs(q.normalise(-1000) - 0.375f) < 0.002f);
    QVERIFY(q.normalise(128) > 0.85f && q.normalise(128) < 0.9f);
  }

  void noiseOfWhiteNoise() {
    // Gaussian noise on a constant, normalised by rank, is uniform over [0, 1]: its deviation
    // is 1 / sqrt(12) = 0.289; the estimate within 15 %.
    std::vector<int16_t> v(64 * 64 * 8);
    std::mt19937 rng(3);
    std::normal_distribution<double> n(500.0, 10.0);
    for (auto& x : v) x = int16_t(std::lround(n(rng)));
    const Volume vol = volume(v, 64, 64, 8);
    const IntensityQuantiles q(vol);
    const float noise = q.noise(vol, slicePlane(vol.geometry(), SliceAxis::Axial));
    qInfo("noise %.4f", double(noise));
    QVERIFY(noise > 0.245f && noise < 0.333f);
    // A flat volume has none.
    const Volume flat = volume(std::vector<int16_t>(64 * 64 * 8, 7), 64, 64, 8);
    QCOMPARE(IntensityQuantiles(flat).noise(flat, slicePlane(flat.geometry(), SliceAxis::Axial)), 0.0f);
  }
};

QTEST_GUILESS_MAIN(IntensityQuantilesTest)
#include "IntensityQuantilesTest.moc"
