// Surfaces follow edits: after a stroke only the changed labels rebuild, off the GUI thread,
// and the newest request for a label wins over older ones still building.
#include <QImage>
#include <QSignalSpy>
#include <QtTest>
#include <memory>

#include "GlTestMain.h"
#include "SurfacePixels.h"
#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "viewers/SurfaceView.h"

using namespace slicewise;

namespace {

const QColor kRed(255, 0, 0), kGreen(0, 255, 0);

void fill(LabelVolume& labels, const VoxelBox& box, Label label) {
  for (int64_t k = box.first[2]; k <= box.last[2]; ++k)
    for (int64_t j = box.first[1]; j <= box.last[1]; ++j)
      for (int64_t i = box.first[0]; i <= box.last[0]; ++i) labels.set(i, j, k, label);
}

// Green pixels inside the rectangle given in fractions of the frame.
int64_t greenIn(const QImage& frame, double x0, double y0, double x1, double y1) {
  int64_t n = 0;
  for (int y = int(y0 * frame.height()); y < int(y1 * frame.height()); ++y)
    for (int x = int(x0 * frame.width()); x < int(x1 * frame.width()); ++x)
      if (test::shadeOf(frame.pixel(x, y), {kRed, kGreen}) == 1) ++n;
  return n;
}

bool waitForSurfaces(SurfaceView& view) {
  if (!view.surfacesPending()) return true;  // finished within the call (nothing to build)
  QSignalSpy done(&view, &SurfaceView::surfacesUpdated);
  while (view.surfacesPending())
    if (!done.wait(20000)) return false;
  return true;
}

}  // namespace

class SurfaceViewUpdateTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void strokeShowsAfterTheUpdate() {
    // A red block, seen from the front; strokes of green land in front of it.
    ImageGeometry g;
    g.size = {40, 40, 40};
    LabelVolume labels(g);
    fill(labels, {{5, 15, 5}, {34, 34, 34}}, 1);
    LabelTable table;
    table.set({1, "red", {255, 0, 0}, true, false});
    table.set({2, "green", {0, 255, 0}, true, false});

    SurfaceView view;
    view.resize(320, 240);
    view.setLabels(labels, table);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QImage frame = view.grabFramebuffer();
    QCOMPARE(test::shadeOf(frame.pixel(160, 120), {kRed, kGreen}), 0);
    const int64_t redTriangles = view.triangleCount();

    // A 10 mm green blob on the block's front face, in the middle of the picture.
    const VoxelBox middle{{15, 8, 15}, {24, 14, 24}};
    fill(labels, middle, 2);
    view.updateLabels(labels, table, {2}, middle);
    // The call returned before the surface was built: results come through the event loop.
    QVERIFY(view.surfacesPending());
    QVERIFY(waitForSurfaces(view));
    frame = view.grabFramebuffer();
    QCOMPARE(test::shadeOf(frame.pixel(160, 120), {kRed, kGreen}), 1);
    QVERIFY(view.triangleCount() > redTriangles);

    // Two strokes in quick succession: the blob moves to the patient's lower right (the
    // screen's lower left), then the second request replaces the first before it is shown.
    fill(labels, middle, 0);
    const VoxelBox lowerRight{{5, 8, 5}, {12, 14, 12}};
    fill(labels, lowerRight, 2);
    view.updateLabels(labels, table, {2}, middle);
    VoxelBox both = middle;
    both.unite(lowerRight);
    view.updateLabels(labels, table, {2}, both);
    QVERIFY(waitForSurfaces(view));
    frame = view.grabFramebuffer();
    QCOMPARE(test::shadeOf(frame.pixel(160, 120), {kRed, kGreen}), 0);
    const int64_t lowerLeftGreen = greenIn(frame, 0.0, 0.5, 0.5, 1.0);
    qInfo("green pixels in the lower left quarter: %lld", static_cast<long long>(lowerLeftGreen));
    QVERIFY(lowerLeftGreen > 300);
    QCOMPARE(greenIn(frame, 0.5, 0.0, 1.0, 1.0), int64_t(0));

    // A region-less update scans the whole volume: erasing the blob removes its surface.
    fill(labels, lowerRight, 0);
    view.updateLabels(labels, table, {2});
    QVERIFY(waitForSurfaces(view));
    frame = view.grabFramebuffer();
    QCOMPARE(greenIn(frame, 0.0, 0.0, 1.0, 1.0), int64_t(0));
    QCOMPARE(view.triangleCount(), redTriangles);
  }

  // Painting over a label changes two labels at once: the one painted and the one painted over.
  void bothLabelsOfAnOverwriteRebuild() {
    ImageGeometry g;
    g.size = {40, 40, 40};
    LabelVolume labels(g);
    fill(labels, {{5, 15, 5}, {34, 34, 34}}, 1);
    LabelTable table;
    table.set({1, "red", {255, 0, 0}, true, false});
    table.set({2, "green", {0, 255, 0}, true, false});
    SurfaceView view;
    view.resize(320, 240);
    view.setLabels(labels, table);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    // The front 10 slices of the block's middle become green. Had the red surface not been
    // rebuilt, its old front face would still hide the green.
    const VoxelBox front{{12, 15, 12}, {27, 24, 27}};
    fill(labels, front, 2);
    view.updateLabels(labels, table, {1, 2}, front);
    QVERIFY(waitForSurfaces(view));
    const QImage frame = view.grabFramebuffer();
    QCOMPARE(test::shadeOf(frame.pixel(160, 120), {kRed, kGreen}), 1);
    QCOMPARE(test::shadeOf(frame.pixel(85, 120), {kRed, kGreen}), 0);
  }

  // A label map given first to updateLabels loads in the background, and the camera frames
  // it once every label has come.
  void firstLabelsLoadInTheBackground() {
    ImageGeometry g;
    g.size = {40, 40, 40};
    g.origin = {100, -50, 20};
    LabelVolume labels(g);
    fill(labels, {{5, 15, 5}, {19, 34, 34}}, 1);
    fill(labels, {{20, 15, 5}, {34, 34, 34}}, 2);
    LabelTable table;
    table.set({1, "red", {255, 0, 0}, true, false});
    table.set({2, "green", {0, 255, 0}, true, false});
    SurfaceView view;
    view.resize(320, 240);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.updateLabels(labels, table, {});
    QVERIFY(view.surfacesPending());
    QVERIFY(waitForSurfaces(view));
    const QImage frame = view.grabFramebuffer();
    // Red on the patient's right (the screen's left), green on the left, both in view.
    QCOMPARE(test::shadeOf(frame.pixel(120, 120), {kRed, kGreen}), 0);
    QCOMPARE(test::shadeOf(frame.pixel(200, 120), {kRed, kGreen}), 1);
  }

  // Closing the window while surfaces build: the view waits for the build thread, and results
  // still on their way are dropped with it.
  void destroyingTheViewWhileBuildingIsSafe() {
    ImageGeometry g;
    g.size = {120, 120, 120};
    LabelVolume labels(g);
    fill(labels, {{10, 10, 10}, {109, 109, 109}}, 1);
    LabelTable table;
    for (int round = 0; round < 3; ++round) {
      auto view = std::make_unique<SurfaceView>();
      view->resize(160, 120);
      view->show();
      QVERIFY(QTest::qWaitForWindowExposed(view.get()));
      for (Label l = 1; l <= 4; ++l) {
        fill(labels, {{10 + l, 10, 10}, {109, 109, 109}}, l);
        view->updateLabels(labels, table, {Label(l - 1), l});
      }
      QVERIFY(view->surfacesPending());
      if (round == 1) QTest::qWait(20);  // let a build start
      view.reset();
      QCoreApplication::processEvents();
    }
  }
};

SLICEWISE_GL_TEST_MAIN(SurfaceViewUpdateTest)
#include "SurfaceViewUpdateTest.moc"
