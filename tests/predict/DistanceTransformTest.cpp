#include <QTest>
#include <cmath>
#include <vector>

#include "predict/DistanceTransform.h"

using namespace slicewise;

class DistanceTransformTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void anisotropic2D() {
    // One feature pixel at (0, 0) of a 3 x 2 grid with 2 mm x 1 mm pixels.
    const std::vector<uint8_t> f{1, 0, 0, 0, 0, 0};
    const auto d = DistanceTransform::squared2D(f.data(), 3, 2, 2.0, 1.0);
    const std::vector<float> expected{0, 4, 16, 1, 5, 17};
    for (size_t i = 0; i < d.size(); ++i) QCOMPARE(d[i], expected[i]);
  }
  void twoFeaturesTakeTheNearer() {
    const std::vector<uint8_t> f{1, 0, 0, 0, 0, 0, 1};
    const auto d = DistanceTransform::squared2D(f.data(), 7, 1, 1.0, 1.0);
    const std::vector<float> expected{0, 1, 4, 9, 4, 1, 0};
    for (size_t i = 0; i < d.size(); ++i) QCOMPARE(d[i], expected[i]);
  }
  void anisotropic3D() {
    std::vector<uint8_t> f(2 * 2 * 2, 0);
    f[0] = 1;
    const auto d = DistanceTransform::squared3D(f.data(), {2, 2, 2}, {1.0, 2.0, 3.0});
    QCOMPARE(d[7], 14.0f);  // (1,1,1): 1 + 4 + 9
    QCOMPARE(d[4], 9.0f);   // (0,0,1)
    QCOMPARE(d[3], 5.0f);   // (1,1,0)
  }
  void noFeatureIsInfinite() {
    const std::vector<uint8_t> f(4, 0);
    for (float v : DistanceTransform::squared2D(f.data(), 2, 2, 1.0, 1.0)) QVERIFY(std::isinf(v));
  }
  void clippedSignedDistance() {
    const std::vector<uint8_t> inside{0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
    std::vector<float> out(inside.size());
    // The depth is not clipped: 1.25 mm at the middle pixel.
    QCOMPARE(DistanceTransform::clippedSigned2D(inside.data(), 12, 1, 0.5, 1.0, 1.0f, out.data()),
             1.25f);
    QCOMPARE(out[3], 1.0f);
    QCOMPARE(DistanceTransform::clippedSigned2D(inside.data(), 12, 1, 0.5, 1.0, 2.0f, out.data()),
             1.25f);
    // 0.5 mm pixels: the boundary lies 0.25 mm beyond the outermost centres.
    const std::vector<float> expected{-0.25f, 0.25f, 0.75f, 1.25f, 0.75f, 0.25f,
                                      -0.25f, -0.75f, -1.25f, -1.75f, -2.0f, -2.0f};
    for (size_t i = 0; i < out.size(); ++i) QCOMPARE(out[i], expected[i]);
    const std::vector<uint8_t> none(3, 0);
    QCOMPARE(DistanceTransform::clippedSigned2D(none.data(), 3, 1, 1.0, 1.0, 5.0f, out.data()), -5.0f);
    QCOMPARE(out[1], -5.0f);
    const std::vector<uint8_t> all(3, 1);  // no outside pixel: the clip stands for the depth
    QCOMPARE(DistanceTransform::clippedSigned2D(all.data(), 3, 1, 1.0, 1.0, 5.0f, out.data()), 5.0f);
  }
  void insideClippedApart() {
    // The same row with 0.5 mm pixels, clipped at 0.5 mm outside and 1 mm inside: the middle
    // pixel's 1.25 mm is clipped to 1, the outside beyond -0.5 to -0.5.
    const std::vector<uint8_t> inside{0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
    std::vector<float> out(inside.size());
    QCOMPARE(DistanceTransform::clippedSigned2D(inside.data(), 12, 1, 0.5, 1.0, 0.5f, 1.0f,
                                                out.data()),
             1.25f);
    const std::vector<float> expected{-0.25f, 0.25f, 0.75f, 1.0f, 0.75f, 0.25f,
                                      -0.25f, -0.5f, -0.5f, -0.5f, -0.5f, -0.5f};
    for (size_t i = 0; i < out.size(); ++i) QCOMPARE(out[i], expected[i]);
    const std::vector<uint8_t> all(3, 1);  // no outside pixel: the inside clip stands for it
    QCOMPARE(DistanceTransform::clippedSigned2D(all.data(), 3, 1, 1.0, 1.0, 5.0f, 7.0f,
                                                out.data()),
             7.0f);
  }
  void smoothedByHalfAPixel() {
    // 8 at the centre of a 3 x 3 grid: taps 1/8, 3/4, 1/8 along rows make the middle row
    // 1, 6, 1; along columns, 6 -> 0.75 above and below and 4.5 in the middle, 1 -> 0.125 and
    // 0.75. The borders repeat, so a constant map stays as it is.
    std::vector<float> map{0, 0, 0, 0, 8, 0, 0, 0, 0};
    DistanceTransform::smoothHalfPixel(map.data(), 3, 3);
    const std::vector<float> expected{0.125f, 0.75f, 0.125f, 0.75f, 4.5f,
                                      0.75f,  0.125f, 0.75f, 0.125f};
    for (size_t i = 0; i < map.size(); ++i) QCOMPARE(map[i], expected[i]);
    std::vector<float> flat(12, -2.5f);
    DistanceTransform::smoothHalfPixel(flat.data(), 4, 3);
    for (float v : flat) QCOMPARE(v, -2.5f);
    // A single row is smoothed along it only: 0 0 8 0 0 -> 0 1 6 1 0.
    std::vector<float> row{0, 0, 8, 0, 0};
    DistanceTransform::smoothHalfPixel(row.data(), 5, 1);
    QCOMPARE(row, (std::vector<float>{0, 1, 6, 1, 0}));
  }
};

QTEST_GUILESS_MAIN(DistanceTransformTest)
#include "DistanceTransformTest.moc"
