// Slice order and grid from header values alone: positions, not input order, decide.
#include <QtTest>

#include "io/DicomSliceArrangement.h"
#include "io/IoError.h"

using namespace slicewise;

namespace {

DicomSliceHeader slice(double z, int rows = 4, int cols = 6) {
  DicomSliceHeader h;
  h.rows = rows;
  h.columns = cols;
  h.position = {-10, 20, z};
  h.orientation = {1, 0, 0, 0, 1, 0};
  h.rowSpacing = 0.5;
  h.columnSpacing = 0.7;
  h.sliceThickness = 3.0;
  return h;
}

bool anyContains(const std::vector<std::string>& lines, const char* needle) {
  for (const auto& l : lines)
    if (l.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

class DicomSliceArrangementTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void sortsByPositionAlongTheNormal() {
    const std::vector<DicomSliceHeader> s = {slice(4), slice(0), slice(6), slice(2)};
    const auto a = arrangeDicomSlices(s);
    QCOMPARE(a.order, (std::vector<size_t>{1, 3, 0, 2}));
    QCOMPARE(a.geometry.size, (Index3{6, 4, 4}));
    QCOMPARE(a.geometry.spacing[0], 0.7);  // columns run along the row vector
    QCOMPARE(a.geometry.spacing[1], 0.5);
    QCOMPARE(a.geometry.spacing[2], 2.0);  // from positions, not SliceThickness 3
    QCOMPARE(a.geometry.origin, (Vec3{-10, 20, 0}));
    QVERIFY(a.warnings.empty());
  }

  void thirdDirectionIsTheCrossProduct() {
    // Coronal slices: rows along +x, columns along -z; the normal is row x column = (0, 1, 0).
    std::vector<DicomSliceHeader> s;
    for (double y : {3.0, 1.0, 2.0}) {
      DicomSliceHeader h = slice(0);
      h.orientation = {1, 0, 0, 0, 0, -1};
      h.position = {0, y, 0};
      s.push_back(h);
    }
    const auto a = arrangeDicomSlices(s);
    QCOMPARE(a.order, (std::vector<size_t>{1, 2, 0}));
    QCOMPARE(a.geometry.directionColumn(2), (Vec3{0, 1, 0}));
    QCOMPARE(a.geometry.directionColumn(1), (Vec3{0, 0, -1}));
    QCOMPARE(a.geometry.origin[1], 1.0);
  }

  void missingSlicesAreListed() {
    const std::vector<DicomSliceHeader> s = {slice(0), slice(2), slice(4), slice(10), slice(12)};
    const auto a = arrangeDicomSlices(s);
    QCOMPARE(a.geometry.spacing[2], 2.0);
    QCOMPARE(a.warnings.size(), size_t(1));
    QVERIFY(anyContains(a.warnings, "missing slices: 1 gap(s)"));
    QVERIFY(anyContains(a.warnings, "6 mm between slices 2 and 3 (at 4 and 10 mm)"));
  }

  void unevenSpacingIsNamed() {
    const std::vector<DicomSliceHeader> s = {slice(0), slice(2), slice(4.5), slice(6.5)};
    const auto a = arrangeDicomSlices(s);
    QVERIFY(anyContains(a.warnings, "uneven slice spacing: neighbouring slices are 2 to 2.5 mm apart"));
  }

  void gantryTiltIsMeasuredAndDescribedAsShifts() {
    std::vector<DicomSliceHeader> s;
    for (int k = 0; k < 5; ++k) {
      DicomSliceHeader h = slice(2.0 * k);
      h.position[1] += 2.0 * k * std::tan(10.0 * M_PI / 180.0);  // 10 degrees of shear along y
      s.push_back(h);
    }
    const auto a = arrangeDicomSlices(s);
    QVERIFY(anyContains(a.warnings, "gantry tilt of 10 degrees"));
    QCOMPARE(a.geometry.spacing[2], 2.0);
    QCOMPARE(a.geometry.directionColumn(2), (Vec3{0, 0, 1}));
    QCOMPARE(a.inPlaneShift.size(), size_t(5));
    // Slice 3 sits 6 * tan(10 deg) mm further along y (the column vector, 0.5 mm rows).
    QCOMPARE(a.inPlaneShift[3][0], 0.0);
    QVERIFY(std::abs(a.inPlaneShift[3][1] - 6.0 * std::tan(10.0 * M_PI / 180.0) / 0.5) < 1e-9);
  }

  void extremeShearIsRefused() {
    std::vector<DicomSliceHeader> s = {slice(0), slice(1)};
    s[1].position[0] += 5.0;
    QVERIFY_THROWS_EXCEPTION(IoError, arrangeDicomSlices(s));
  }

  void mixedSizesKeepTheMajority() {
    const std::vector<DicomSliceHeader> s = {slice(0), slice(2), slice(4), slice(1, 8, 8)};
    const auto a = arrangeDicomSlices(s);
    QCOMPARE(a.order, (std::vector<size_t>{0, 1, 2}));
    QVERIFY(anyContains(a.warnings, "mixed image sizes or orientations in one series: kept 3 images of 6x4, left out 1 of 8x8"));
  }

  void repeatedPositionsKeepTheFirst() {
    const std::vector<DicomSliceHeader> s = {slice(0), slice(2), slice(2), slice(4)};
    const auto a = arrangeDicomSlices(s);
    QCOMPARE(a.order, (std::vector<size_t>{0, 1, 3}));
    QVERIFY(anyContains(a.warnings, "1 images share a slice position"));
  }

  void emptySeriesThrows() { QVERIFY_THROWS_EXCEPTION(IoError, arrangeDicomSlices({})); }
};

QTEST_GUILESS_MAIN(DicomSliceArrangementTest)
#include "DicomSliceArrangementTest.moc"
