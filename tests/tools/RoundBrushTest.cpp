// The round brush in millimetres: disc and sphere on anisotropic voxels and every axis, and
// strokes that leave no gap however fast the mouse moves. Expected counts are worked out by hand.
#include <QTest>

#include <set>

#include "tools/RoundBrush.h"

using namespace slicewise;

class RoundBrushTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void discCountsOnAnisotropicPixels();
  void discOnACoronalSlice();
  void sphereReachesNeighbouringSlices();
  void strokeFortyPixelsLongLeavesNoGap();
  void tinyBrushStillCoversItsPath();
  void clippedAtTheVolumeEdge();
};

namespace {

ImageGeometry grid(Vec3 spacing) {
  ImageGeometry g;
  g.size = {64, 48, 40};
  g.spacing = spacing;
  return g;
}

}  // namespace

// Axial slice, spacing 0.5 (u) x 1.0 (v) mm, diameter 4 mm (radius 2 mm): rows dv = 0 hold
// |du| <= 4 (9 pixels), dv = +-1 hold (0.5 du)^2 <= 3 -> |du| <= 3 (7 each), dv = +-2 only du = 0.
void RoundBrushTest::discCountsOnAnisotropicPixels() {
  const ImageGeometry g = grid({0.5, 1.0, 3.0});
  const VoxelList v = RoundBrush(4.0).stamp(g, {SliceAxis::Axial, 10}, {20, 20});
  QCOMPARE(v.size(), size_t(9 + 2 * 7 + 2 * 1));
  QVERIFY(std::binary_search(v.begin(), v.end(), int64_t(g.linearIndex(24, 20, 10))));
  QVERIFY(!std::binary_search(v.begin(), v.end(), int64_t(g.linearIndex(25, 20, 10))));
  QVERIFY(std::binary_search(v.begin(), v.end(), int64_t(g.linearIndex(20, 22, 10))));
  QVERIFY(!std::binary_search(v.begin(), v.end(), int64_t(g.linearIndex(21, 22, 10))));
  for (int64_t x : v) QCOMPARE(x / (64 * 48), int64_t(10));  // all on slice 10
}

// Coronal slices of a 0.5 x 0.8 x 2.0 mm grid: u runs along i (0.5 mm), v along k (2 mm).
// Diameter 6 mm: dv = 0 holds |du| <= 6 (13), dv = +-1 holds (0.5 du)^2 <= 5 -> |du| <= 4 (9 each).
void RoundBrushTest::discOnACoronalSlice() {
  const ImageGeometry g = grid({0.5, 0.8, 2.0});
  const VoxelList v = RoundBrush(6.0).stamp(g, {SliceAxis::Coronal, 7}, {30, 20});
  QCOMPARE(v.size(), size_t(13 + 2 * 9));
  for (int64_t x : v) QCOMPARE((x / 64) % 48, int64_t(7));  // all at j = 7
  QVERIFY(std::binary_search(v.begin(), v.end(), int64_t(g.linearIndex(36, 7, 20))));
  QVERIFY(std::binary_search(v.begin(), v.end(), int64_t(g.linearIndex(34, 7, 21))));
  QVERIFY(!std::binary_search(v.begin(), v.end(), int64_t(g.linearIndex(35, 7, 21))));
}

// A 1 mm grid with 2 mm slices, diameter 6 mm (radius 3): the centre slice holds the 29 pixels
// within 3 mm (1 + 4*7 by rings: 1, 4 at 1, 4 at sqrt2, 4 at 2, 8 at sqrt5, 4 at sqrt8, 4 at 3),
// the slices 2 mm away the 21 within sqrt(9 - 4) = sqrt5 mm (1 + 4 + 4 + 4 + 8).
void RoundBrushTest::sphereReachesNeighbouringSlices() {
  const ImageGeometry g = grid({1.0, 1.0, 2.0});
  const VoxelList v = RoundBrush(6.0, RoundBrush::Shape::Sphere).stamp(g, {SliceAxis::Axial, 10}, {20, 20});
  std::map<int64_t, size_t> perSlice;
  for (int64_t x : v) ++perSlice[x / (64 * 48)];
  QCOMPARE(perSlice, (std::map<int64_t, size_t>{{9, 21}, {10, 29}, {11, 21}}));
  const VoxelList disc = RoundBrush(6.0).stamp(g, {SliceAxis::Axial, 10}, {20, 20});
  QCOMPARE(disc.size(), size_t(29));
}

// From (10, 10) to (50, 10): 40 pixels apart. Every pixel the segment crosses is painted, the
// painted set is one 4-connected region, and it is the capsule: rows |dv| <= 2 from u = 10 - reach
// to 50 + reach.
void RoundBrushTest::strokeFortyPixelsLongLeavesNoGap() {
  const ImageGeometry g = grid({1.0, 1.0, 1.0});
  const RoundBrush brush(5.0);  // radius 2.5 mm
  const VoxelList v = brush.stroke(g, {SliceAxis::Axial, 3}, {10, 10}, {50, 10});
  std::set<std::pair<int64_t, int64_t>> px;
  for (int64_t x : v) px.insert({x % 64, (x / 64) % 48});
  for (int64_t u = 10; u <= 50; ++u)
    for (int64_t dv = -2; dv <= 2; ++dv) QVERIFY(px.count({u, 10 + dv}));
  // Rows: dv = 0 reaches 2 beyond each end, dv = +-1 reaches 2 (1 + 4 <= 6.25), dv = +-2 reaches 1.
  QCOMPARE(v.size(), size_t(45 + 2 * 45 + 2 * 43));
  // The end stamps alone would leave 30 columns empty between them.
  const VoxelList ends = brush.stamp(g, {SliceAxis::Axial, 3}, {10, 10});
  QCOMPARE(ends.size(), size_t(21));
  // A diagonal stroke too: every pixel containing a point of the path is painted.
  const VoxelList diag = brush.stroke(g, {SliceAxis::Axial, 3}, {5, 5}, {35, 40});
  std::set<int64_t> d(diag.begin(), diag.end());
  for (int t = 0; t <= 1000; ++t) {
    const double u = 5 + 30.0 * t / 1000, vv = 5 + 35.0 * t / 1000;
    QVERIFY(d.count(int64_t(g.linearIndex(std::lround(u), std::lround(vv), 3))));
  }
}

// A brush set smaller than a pixel still paints every pixel its path crosses.
void RoundBrushTest::tinyBrushStillCoversItsPath() {
  const ImageGeometry g = grid({0.8, 0.8, 2.0});
  const VoxelList v = RoundBrush(0.1).stroke(g, {SliceAxis::Sagittal, 12}, {3.2, 4.7}, {30.6, 21.1});
  std::set<int64_t> d(v.begin(), v.end());
  const SlicePlane p = slicePlane(g, SliceAxis::Sagittal);
  for (int t = 0; t <= 2000; ++t) {
    const double u = 3.2 + 27.4 * t / 2000, vv = 4.7 + 16.4 * t / 2000;
    const Index3 i = p.voxel(12, std::lround(u), std::lround(vv));
    QVERIFY(d.count(int64_t(g.linearIndex(i[0], i[1], i[2]))));
  }
  QCOMPARE(RoundBrush(0.1).stamp(g, {SliceAxis::Sagittal, 12}, {3, 4}).size(), size_t(1));
}

void RoundBrushTest::clippedAtTheVolumeEdge() {
  const ImageGeometry g = grid({1.0, 1.0, 1.0});
  // Centre on the corner pixel (0, 0), radius 2.5: only the quarter inside (dv, du >= 0) remains:
  // rows dv = 0 and 1 hold 3 pixels, dv = 2 holds 2 (4 + 1 <= 6.25, 4 + 4 > 6.25).
  const VoxelList v = RoundBrush(5.0).stamp(g, {SliceAxis::Axial, 0}, {0, 0});
  QCOMPARE(v.size(), size_t(3 + 3 + 2));
  QVERIFY(RoundBrush(5.0).stamp(g, {SliceAxis::Axial, 40}, {0, 0}).empty());  // no slice 40
}

QTEST_GUILESS_MAIN(RoundBrushTest)
#include "RoundBrushTest.moc"
