// Flood fill within an intensity range, the threshold brush's filter, polygon fill and the
// picker, on small images whose answers are counted by hand.
#include <QTest>

#include <cmath>

#include "tools/FloodFill.h"
#include "tools/IntensityWindow.h"
#include "tools/LabelPicker.h"
#include "tools/PolygonFill.h"

using namespace slicewise;

class FillToolsTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void floodFillStaysInsideItsRange();
  void floodFillOnASagittalSlice();
  void thresholdBrushKeepsVoxelsInTheWindow();
  void polygonFillsPixelCentresInside();
  void pickerReadsTheLabel();
};

namespace {

// 12 x 10 x 3 float image, 1 mm: slice 1 holds a bright 4 x 3 block at u 2..5, v 2..4 (value
// 100, with a darker pixel (3, 3) of 40), a second bright block at u 7..9, v 6..8 (120), and one
// bright pixel (6, 5) touching each block only by a corner.
Volume image() {
  ImageGeometry g;
  g.size = {12, 10, 3};
  std::vector<float> v(g.voxelCount(), 0.0f);
  const auto set = [&](int64_t i, int64_t j, float x) { v[g.linearIndex(i, j, 1)] = x; };
  for (int64_t j = 2; j <= 4; ++j)
    for (int64_t i = 2; i <= 5; ++i) set(i, j, 100);
  for (int64_t j = 6; j <= 8; ++j)
    for (int64_t i = 7; i <= 9; ++i) set(i, j, 120);
  set(6, 5, 110);
  set(3, 3, 40);  // a darker pixel inside the first block
  return Volume(g, std::move(v));
}

}  // namespace

void FillToolsTest::floodFillStaysInsideItsRange() {
  const Volume img = image();
  // [90, 130] from (2, 2): the first block less its dark pixel (12 - 1); (6, 5) touches it only
  // by a corner, so 4-connectivity stops there.
  VoxelList v = FloodFill::fill(img, {SliceAxis::Axial, 1}, 2, 2, {90, 130});
  QCOMPARE(v.size(), size_t(11));
  QVERIFY(!std::binary_search(v.begin(), v.end(), int64_t(img.geometry().linearIndex(3, 3, 1))));
  // [30, 130] takes the dark pixel too.
  QCOMPARE(FloodFill::fill(img, {SliceAxis::Axial, 1}, 2, 2, {30, 130}).size(), size_t(12));
  // From the background with [-1, 1]: everything else of the slice (120 - 12 - 9 - 1).
  QCOMPARE(FloodFill::fill(img, {SliceAxis::Axial, 1}, 0, 0, {-1, 1}).size(), size_t(98));
  // A seed outside the range fills nothing; a seed off the slice too.
  QVERIFY(FloodFill::fill(img, {SliceAxis::Axial, 1}, 0, 0, {90, 130}).empty());
  QVERIFY(FloodFill::fill(img, {SliceAxis::Axial, 1}, 12, 0, {-1, 1}).empty());
}

void FillToolsTest::floodFillOnASagittalSlice() {
  const Volume img = image();
  // Sagittal slice i = 3: u runs along j (10), v along k (3). Values: k = 1 holds 100 at
  // j = 2, 4 and 40 at j = 3; everything else 0. [-1, 1] from (0, 0): 30 - 3 = 27.
  QCOMPARE(FloodFill::fill(img, {SliceAxis::Sagittal, 3}, 0, 0, {-1, 1}).size(), size_t(27));
  QCOMPARE(FloodFill::fill(img, {SliceAxis::Sagittal, 3}, 2, 1, {90, 100}).size(), size_t(1));
}

void FillToolsTest::thresholdBrushKeepsVoxelsInTheWindow() {
  Volume img = image();
  std::get<std::vector<float>>(img.storage())[img.geometry().linearIndex(4, 4, 1)] = std::nanf("");
  const ImageGeometry& g = img.geometry();
  VoxelList row;
  for (int64_t i = 0; i < 12; ++i) row.push_back(int64_t(g.linearIndex(i, 4, 1)));
  // Row j = 4: 0 0 100 100 NaN 100 0 ... -> three inside [50, 150]; NaN never is.
  const VoxelList kept = IntensityWindow{50, 150}.filter(row, img);
  QCOMPARE(kept, (VoxelList{int64_t(g.linearIndex(2, 4, 1)), int64_t(g.linearIndex(3, 4, 1)),
                            int64_t(g.linearIndex(5, 4, 1))}));
}

void FillToolsTest::polygonFillsPixelCentresInside() {
  ImageGeometry g;
  g.size = {20, 16, 4};
  // A rectangle from (1.5, 1.5) to (5.5, 4.5): centres u 2..5, v 2..4 -> 12 pixels.
  QCOMPARE(PolygonFill::fill(g, {SliceAxis::Axial, 2}, {{1.5, 1.5}, {5.5, 1.5}, {5.5, 4.5}, {1.5, 4.5}}).size(),
           size_t(12));
  // A right triangle (0.5, 0.5), (10.7, 0.5), (0.5, 10.7): centres with u, v >= 1 and
  // u + v <= 11 (the hypotenuse is u + v = 11.2): rows v = 1..10 hold 11 - v pixels -> 55.
  QCOMPARE(PolygonFill::fill(g, {SliceAxis::Axial, 2}, {{0.5, 0.5}, {10.7, 0.5}, {0.5, 10.7}}).size(),
           size_t(55));
  // A bow tie (1, 1) -> (9, 9) -> (9, 1) -> (1, 9), crossing itself at (5, 5), on coronal slice
  // j = 1 (u along i, v along k, rows v = 0..3). Row v is crossed at u = 1, v, 10 - v, 9: the
  // left wing holds u = 1..v, the right one u = 10 - v..9, so rows 1, 2, 3 hold 2, 4, 6 pixels.
  const VoxelList bow = PolygonFill::fill(g, {SliceAxis::Coronal, 1}, {{1, 1}, {9, 9}, {9, 1}, {1, 9}});
  QCOMPARE(bow.size(), size_t(12));
  QVERIFY(std::binary_search(bow.begin(), bow.end(), int64_t(g.linearIndex(3, 1, 3))));
  QVERIFY(!std::binary_search(bow.begin(), bow.end(), int64_t(g.linearIndex(5, 1, 3))));  // between the wings
  QVERIFY(PolygonFill::fill(g, {SliceAxis::Axial, 2}, {{1, 1}, {5, 5}}).empty());  // no area
}

void FillToolsTest::pickerReadsTheLabel() {
  ImageGeometry g;
  g.size = {8, 6, 5};
  LabelVolume l(g);
  l.set(3, 4, 2, 17);
  // Axial slice 2, point (3.2, 3.8) rounds to pixel (3, 4).
  QCOMPARE(LabelPicker::pick(l, {SliceAxis::Axial, 2}, {3.2, 3.8}), std::optional<Label>(17));
  // Sagittal slice i = 3: u = j, v = k.
  QCOMPARE(LabelPicker::pick(l, {SliceAxis::Sagittal, 3}, {4, 2}), std::optional<Label>(17));
  QCOMPARE(LabelPicker::pick(l, {SliceAxis::Axial, 1}, {3, 4}), std::optional<Label>(0));
  QVERIFY(!LabelPicker::pick(l, {SliceAxis::Axial, 2}, {8.6, 0}));
}

QTEST_GUILESS_MAIN(FillToolsTest)
#include "FillToolsTest.moc"
