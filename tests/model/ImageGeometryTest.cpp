#include <QTest>
#include <cmath>

#include "model/ImageGeometry.h"
#include "model/SliceAxis.h"

using namespace slicewise;

class ImageGeometryTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void indexToPhysicalUsesSpacingDirectionAndOrigin() {
    ImageGeometry g;
    g.size = {10, 20, 30};
    g.spacing = {0.5, 2.0, 3.0};
    g.origin = {10, -20, 5};
    g.direction = {1, 0, 0, 0, -1, 0, 0, 0, 1};  // y flipped (LAS)
    const Vec3 p = g.indexToPhysical({2, 3, 4});
    // x = 10 + 2*0.5, y = -20 - 3*2, z = 5 + 4*3, by hand.
    QCOMPARE(p[0], 11.0);
    QCOMPARE(p[1], -26.0);
    QCOMPARE(p[2], 17.0);
    const Vec3 back = g.physicalToIndex(p);
    QVERIFY(std::abs(back[0] - 2) < 1e-12 && std::abs(back[1] - 3) < 1e-12 && std::abs(back[2] - 4) < 1e-12);
  }

  void sameGridToleranceIsInMillimetres() {
    ImageGeometry a;
    a.size = {64, 64, 32};
    ImageGeometry b = a;
    b.origin[0] += 0.00005;
    QVERIFY(a.sameGrid(b));
    b.origin[0] = 0.5;
    QVERIFY(!a.sameGrid(b));
    QCOMPARE(a.maxCornerDistance(b), 0.5);
    ImageGeometry c = a;
    c.spacing[2] = 1.00001;  // 31 slices * 1e-5 mm = 3.1e-4 mm at the far corner
    QVERIFY(!a.sameGrid(c));
    ImageGeometry d = a;
    d.size[0] = 63;
    QVERIFY(!a.sameGrid(d));
  }

  void axisLayoutFollowsDirectionCosines() {
    ImageGeometry g;
    g.size = {4, 5, 6};
    AxisLayout l = axisLayout(g);
    QCOMPARE(l.dimOf(SliceAxis::Axial), 2);
    QCOMPARE(l.dimOf(SliceAxis::Coronal), 1);
    QCOMPARE(l.dimOf(SliceAxis::Sagittal), 0);
    QCOMPARE(QString::fromStdString(l.orientationCode()), QString("LPS"));

    g.direction = {1, 0, 0, 0, -1, 0, 0, 0, 1};
    QCOMPARE(QString::fromStdString(axisLayout(g).orientationCode()), QString("LAS"));

    // A coronal acquisition: voxel axis 1 runs along S-I (downwards), axis 2 along A-P.
    g.direction = {1, 0, 0, 0, 0, 1, 0, -1, 0};
    l = axisLayout(g);
    QCOMPARE(l.dimOf(SliceAxis::Axial), 1);
    QCOMPARE(l.dimOf(SliceAxis::Coronal), 2);
    QCOMPARE(QString::fromStdString(l.orientationCode()), QString("LIP"));

    // 30 degrees oblique about z: still a permutation, x closest to L-R.
    const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
    g.direction = {c, -s, 0, s, c, 0, 0, 0, 1};
    l = axisLayout(g);
    QCOMPARE(l.dimOf(SliceAxis::Sagittal), 0);
    QCOMPARE(l.dimOf(SliceAxis::Coronal), 1);
    QCOMPARE(l.dimOf(SliceAxis::Axial), 2);
  }

  void slicePlaneNamesInPlaneDimensions() {
    ImageGeometry g;
    g.size = {4, 5, 6};
    g.spacing = {1, 2, 3};
    const SlicePlane axial = slicePlane(g, SliceAxis::Axial);
    QCOMPARE(axial.normalDim, 2);
    QCOMPARE(axial.width, int64_t(4));
    QCOMPARE(axial.height, int64_t(5));
    QCOMPARE(axial.count, int64_t(6));
    const SlicePlane sagittal = slicePlane(g, SliceAxis::Sagittal);
    QCOMPARE(sagittal.uDim, 1);
    QCOMPARE(sagittal.vDim, 2);
    QCOMPARE(sagittal.spacingNormal, 1.0);
    const Index3 v = sagittal.voxel(3, 1, 2);
    QCOMPARE(v[0], int64_t(3));
    QCOMPARE(v[1], int64_t(1));
    QCOMPARE(v[2], int64_t(2));
  }

  void describeIsOneLine() {
    ImageGeometry g;
    g.size = {78, 110, 64};
    QCOMPARE(QString::fromStdString(g.describe()),
             QString("78x110x64 voxels, spacing 1x1x1 mm, origin (0, 0, 0) mm, orientation LPS"));
  }
};

QTEST_GUILESS_MAIN(ImageGeometryTest)
#include "ImageGeometryTest.moc"
