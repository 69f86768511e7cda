// The VTK views render through the Qt6 bridge: frames come back from grab() with the scene in
// them, not blank.
#include <QImage>
#include <QtTest>
#include <cmath>

#include "GlTestMain.h"
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
};

SLICEWISE_GL_TEST_MAIN(SurfaceViewTest)
#include "SurfaceViewTest.moc"
