// The 3D view of an image: the three slice planes through the cursor, textured with the
// windowed image in patient space, shown without labels and, when asked, with them.
#include <QImage>
#include <QtTest>

#include "GlTestMain.h"
#include "SurfacePixels.h"
#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "model/Volume.h"
#include "viewers/SurfaceView.h"
#include "viewers/WindowLevel.h"

using namespace slicewise;

namespace {

// 40 x 40 x 40 voxels of 1 mm, LPS. Value 100 on the patient's right (i < 20), 20 on the left,
// plus 50 in the five most anterior coronal slices (j < 5).
Volume halves() {
  ImageGeometry g;
  g.size = {40, 40, 40};
  std::vector<int16_t> v(g.voxelCount());
  for (int64_t k = 0; k < 40; ++k)
    for (int64_t j = 0; j < 40; ++j)
      for (int64_t i = 0; i < 40; ++i)
        v[g.linearIndex(i, j, k)] = int16_t((i < 20 ? 100 : 20) + (j < 5 ? 50 : 0));
  return Volume(g, std::move(v));
}

int greyAt(const QImage& frame, double fx, double fy) {
  const QRgb p = frame.pixel(int(fx * frame.width()), int(fy * frame.height()));
  if (qRed(p) != qGreen(p) || qGreen(p) != qBlue(p)) return -1;  // not a grey plane pixel
  return qRed(p);
}

}  // namespace

class SurfaceViewPlanesTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // Window centre 50, width 200: value v maps to round((v + 50) / 200 * 255), so 100 -> 191,
  // 20 -> 89, 150 -> 255, 70 -> 153.
  void planesShowTheWindowedImageWithoutLabels() {
    const Volume image = halves();
    SurfaceView view;
    view.resize(320, 240);
    view.setImage(image, WindowLevel{50, 200});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.planesShown());
    // From anterior the coronal plane (j = 20) faces the camera; the patient's right is on the
    // screen's left. The axial and sagittal planes are seen edge-on through the middle.
    QImage frame = view.grabFramebuffer();
    QCOMPARE(greyAt(frame, 0.35, 0.4), 191);
    QCOMPARE(greyAt(frame, 0.65, 0.4), 89);
    QCOMPARE(greyAt(frame, 0.35, 0.6), 191);
    QCOMPARE(greyAt(frame, 0.65, 0.6), 89);

    // The coronal plane moves with the cursor to j = 2, into the brighter anterior slices.
    view.setCursor({20, 2, 20});
    frame = view.grabFramebuffer();
    QCOMPARE(greyAt(frame, 0.35, 0.4), 255);
    QCOMPARE(greyAt(frame, 0.65, 0.4), 153);

    // Another window: centre 100, width 100 maps 150 -> 255 and 70 -> round(0.2 * 255) = 51.
    view.setWindowLevel(WindowLevel{100, 100});
    frame = view.grabFramebuffer();
    QCOMPARE(greyAt(frame, 0.35, 0.4), 255);
    QCOMPARE(greyAt(frame, 0.65, 0.4), 51);

    // From the left, the sagittal plane (i = 20, value 20 + 50 anteriorly) faces the camera:
    // 20 -> 0 in this window; anterior is on the screen's left from the patient's left.
    view.viewFrom(SurfaceView::Side::Left);
    frame = view.grabFramebuffer();
    QCOMPARE(greyAt(frame, 0.6, 0.4), 0);
  }

  // With labels the surfaces show alone; the planes join them when asked, and a plane pixel
  // beside the surface keeps the windowed grey.
  void planesJoinTheSurfacesWhenAsked() {
    const Volume image = halves();
    LabelVolume labels(image.geometry());
    for (int64_t k = 25; k < 35; ++k)
      for (int64_t j = 25; j < 35; ++j)
        for (int64_t i = 25; i < 35; ++i) labels.set(i, j, k, 1);
    LabelTable table;
    table.set({1, "red", {255, 0, 0}, true, false});

    SurfaceView view;
    view.resize(320, 240);
    view.setImage(image, WindowLevel{50, 200});
    view.setLabels(labels, table);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(!view.planesShown());
    view.resetCamera();
    QImage frame = view.grabFramebuffer();
    QCOMPARE(test::countShade(frame, {QColor(255, 0, 0)}, 0) > 200, true);
    QCOMPARE(greyAt(frame, 0.3, 0.6), -1);  // no plane: the background's blue-grey

    view.setPlanesVisible(true);
    QVERIFY(view.planesShown());
    view.resetCamera();
    frame = view.grabFramebuffer();
    QCOMPARE(greyAt(frame, 0.35, 0.6), 191);
    // The label (patient's left, posterior, superior) is behind the coronal plane from the
    // front: look from behind to see it beside the planes.
    view.viewFrom(SurfaceView::Side::Posterior);
    frame = view.grabFramebuffer();
    QVERIFY(test::countShade(frame, {QColor(255, 0, 0)}, 0) > 200);

    // Hiding the only label brings the planes back on their own.
    view.setPlanesVisible(false);
    table.set({1, "red", {255, 0, 0}, false, false});
    view.setLabelTable(table);
    QVERIFY(view.planesShown());
    QCOMPARE(view.triangleCount(), int64_t(0));
  }
};

SLICEWISE_GL_TEST_MAIN(SurfaceViewPlanesTest)
#include "SurfaceViewPlanesTest.moc"
