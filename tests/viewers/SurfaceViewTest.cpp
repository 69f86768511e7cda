// The VTK views render through the Qt6 bridge: frames come back from grab() with the scene in
// them, not blank. Label surfaces are closed at the volume's edge, and touching labels show no
// depth-fighting stripes.
#include <QImage>
#include <QtTest>
#include <algorithm>
#include <cmath>

#include "GlTestMain.h"
#include "SurfacePixels.h"
#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "viewers/SurfaceView.h"
#include "viewers/VtkOpenGLWidget.h"

using namespace slicewise;

namespace {

bool uniform(const QImage& image) {
  const QRgb first = image.pixel(0, 0);
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x)
      if (image.pixel(x, y) != first) return false;
  return true;
}

// Shaded surfaces of a pure red label: red dominates, green and blue stay low.
int64_t reddish(const QImage& image) {
  int64_t n = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const QRgb p = image.pixel(x, y);
      if (qRed(p) > 100 && qGreen(p) < qRed(p) / 3 && qBlue(p) < qRed(p) / 3) ++n;
    }
  return n;
}

const QColor kRed(255, 0, 0), kGreen(0, 255, 0);

LabelTable redAndGreen() {
  LabelTable table;
  table.set({1, "red", {255, 0, 0}, true, false});
  table.set({2, "green", {0, 255, 0}, true, false});
  return table;
}

// Fills the inclusive box with `label`.
void fill(LabelVolume& labels, Index3 first, Index3 last, Label label) {
  for (int64_t k = first[2]; k <= last[2]; ++k)
    for (int64_t j = first[1]; j <= last[1]; ++j)
      for (int64_t i = first[0]; i <= last[0]; ++i) labels.set(i, j, k, label);
}

QString describeRows(const std::vector<int>& rows) {
  QString text;
  for (size_t y = 0; y < rows.size(); ++y)
    if (rows[y] > 1) text += QStringLiteral("%1:%2 ").arg(y).arg(rows[y]);
  return text;
}

}  // namespace

class SurfaceViewTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void bridgeShowsTheBackgroundColour() {
    VtkOpenGLWidget widget;
    widget.setBackground(0.2, 0.4, 0.6);
    widget.resize(200, 150);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    const QImage frame = widget.grabFramebuffer();
    QCOMPARE(frame.size(), QSize(200, 150));
    const QRgb centre = frame.pixel(100, 75);
    QVERIFY2(std::abs(qRed(centre) - 51) <= 1 && std::abs(qGreen(centre) - 102) <= 1 &&
                 std::abs(qBlue(centre) - 153) <= 1,
             qPrintable(QStringLiteral("centre %1").arg(centre, 8, 16)));
  }

  void labelSurfaceIsDrawnInItsColour() {
    ImageGeometry g;
    g.size = {40, 40, 40};
    g.spacing = {1, 1, 2};
    LabelVolume labels(g);
    for (int64_t k = 0; k < 40; ++k)
      for (int64_t j = 0; j < 40; ++j)
        for (int64_t i = 0; i < 40; ++i)
          if (std::hypot(i - 20.0, j - 20.0, 2.0 * (k - 20.0)) < 15) labels.set(i, j, k, 3);
    LabelTable table;
    table.set({3, "tumour", {255, 0, 0}, true, false});

    SurfaceView view;
    view.resize(320, 240);
    view.setLabels(labels, table);
    QVERIFY(view.triangleCount() > 1000);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    const QImage frame = view.grabFramebuffer();
    QVERIFY(!uniform(frame));
    const int64_t red = reddish(frame);
    qInfo("%lld triangles, %lld red pixels of %d", static_cast<long long>(view.triangleCount()),
          static_cast<long long>(red), frame.width() * frame.height());
    QVERIFY(red > 2000);
    // QWidget::grab() (used by the screenshot mode) returns the same rendered frame.
    QVERIFY(reddish(view.grab().toImage()) > 2000);

    // A hidden label leaves no surface.
    table.set({3, "tumour", {255, 0, 0}, false, false});
    view.setLabels(labels, table);
    QCOMPARE(view.triangleCount(), int64_t(0));
    QCOMPARE(reddish(view.grabFramebuffer()), int64_t(0));
  }

  // A bar from the volume's right face to its left face: its surface must be capped at both
  // faces. Open ends would show a tube, with the background in its middle, seen end-on.
  void surfaceIsClosedWhereTheLabelTouchesTheVolumeEdge() {
    ImageGeometry g;
    g.size = {40, 30, 30};
    LabelVolume labels(g);
    fill(labels, {0, 10, 10}, {39, 19, 19}, 1);
    SurfaceView view;
    view.resize(320, 240);
    view.setLabels(labels, redAndGreen());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (SurfaceView::Side side : {SurfaceView::Side::Left, SurfaceView::Side::Right}) {
      view.viewFrom(side);
      const QImage frame = view.grabFramebuffer();
      // The bar's 10 x 10 mm end, seen from 40 mm along the bar, covers the middle of the view.
      for (const QPoint p : {QPoint(160, 120), QPoint(150, 112), QPoint(170, 128)})
        QVERIFY2(test::shadeOf(frame.pixel(p), {kRed}) == 0,
                 qPrintable(QStringLiteral("pixel (%1, %2) is %3, not the label's red")
                                .arg(p.x())
                                .arg(p.y())
                                .arg(frame.pixel(p), 8, 16)));
    }
  }

  // Two labels meet face to face and both reach the top and bottom of the volume, as every
  // label of a thin CT slab does. Seen from above and below at an angle, a row of pixels
  // crosses from one label to the other once; depth-fighting between coincident surfaces
  // would switch the colour back and forth.
  void touchingLabelsShowNoStripes() {
    ImageGeometry g;
    g.size = {40, 40, 16};
    g.spacing = {1, 1, 2.5};
    LabelVolume labels(g);
    fill(labels, {4, 10, 0}, {19, 29, 15}, 1);
    fill(labels, {20, 10, 0}, {35, 29, 15}, 2);
    SurfaceView view;
    view.resize(320, 240);
    view.setLabels(labels, redAndGreen());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (SurfaceView::Side side : {SurfaceView::Side::Superior, SurfaceView::Side::Inferior})
      for (double azimuth : {-35.0, 35.0})
        for (double elevation : {-30.0, 30.0}) {
          view.viewFrom(side);
          view.rotateCamera(azimuth, elevation);
          const QImage frame = view.grabFramebuffer();
          const std::vector<int> rows = test::switchesPerRow(frame, {kRed, kGreen});
          const int worst = *std::max_element(rows.begin(), rows.end());
          QVERIFY2(worst <= 1, qPrintable(QStringLiteral("side %1, azimuth %2, elevation %3: "
                                                         "rows:switches %4")
                                              .arg(int(side))
                                              .arg(azimuth)
                                              .arg(elevation)
                                              .arg(describeRows(rows))));
          // Both labels are in the picture.
          QVERIFY(test::countShade(frame, {kRed, kGreen}, 0) > 1000);
          QVERIFY(test::countShade(frame, {kRed, kGreen}, 1) > 1000);
        }
  }
};

SLICEWISE_GL_TEST_MAIN(SurfaceViewTest)
#include "SurfaceViewTest.moc"
