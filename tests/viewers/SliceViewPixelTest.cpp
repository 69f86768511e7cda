// Pixels of a SliceView on synthetic volumes whose grey values, labels and positions are known
// by hand: value(i, j, k) = 5 i + 20 k, window L 100 / W 200, so grey = round(value / 200 * 255).
#include <QImage>
#include <QWheelEvent>
#include <QtTest>
#include <cmath>

#include "GlTestMain.h"
#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "model/Volume.h"
#include "viewers/SliceCursor.h"
#include "viewers/SliceView.h"

using namespace slicewise;

namespace {

// 20 x 10 x 6 voxels; shown axially in a 400 x 400 view a voxel is 20 x 20 pixels and the image
// starts 100 pixels down ((400 - 10 * 20) / 2).
ImageGeometry grid(std::array<double, 9> direction = {1, 0, 0, 0, 1, 0, 0, 0, 1},
                   Vec3 spacing = {1, 1, 1}) {
  ImageGeometry g;
  g.size = {20, 10, 6};
  g.spacing = spacing;
  g.direction = direction;
  return g;
}

Volume rampVolume(const ImageGeometry& g) {
  std::vector<int16_t> v(g.voxelCount());
  for (int64_t k = 0; k < g.size[2]; ++k)
    for (int64_t j = 0; j < g.size[1]; ++j)
      for (int64_t i = 0; i < g.size[0]; ++i) v[g.linearIndex(i, j, k)] = int16_t(5 * i + 20 * k);
  return Volume(g, std::move(v));
}

struct Fixture {
  Volume image;
  LabelVolume labels;
  LabelTable table;
  SliceCursor cursor;
  SliceView view;

  Fixture(const ImageGeometry& g, SliceAxis axis) : image(rampVolume(g)), labels(g), view(axis) {
    table.set({1, "red", {255, 0, 0}, true, false});
    cursor.setGeometry(g);
    view.setLayers(SliceLayers{.image = &image, .labels = &labels, .table = &table, .window = {100, 200}, .labelOpacity = 0.5}, &cursor);
    view.setCrosshairVisible(false);
    view.resize(400, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
  }
  QRgb pixel(int x, int y) { return view.grab().toImage().pixel(x, y); }
};

void expectRgb(QRgb px, int r, int g, int b) {
  const auto near = [](int a, int e) { return std::abs(a - e) <= 1; };
  if (!near(qRed(px), r) || !near(qGreen(px), g) || !near(qBlue(px), b))
    QFAIL(qPrintable(QStringLiteral("pixel (%1, %2, %3), expected (%4, %5, %6)")
                         .arg(qRed(px)).arg(qGreen(px)).arg(qBlue(px)).arg(r).arg(g).arg(b)));
}

}  // namespace

class SliceViewPixelTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void windowedGreyAtVoxel() {
    Fixture f(grid(), SliceAxis::Axial);
    f.cursor.setPosition({0, 0, 2});
    QCOMPARE(f.view.sliceIndex(), int64_t(2));
    QCOMPARE(f.view.imageRect(), QRectF(0, 100, 400, 200));
    // Voxel (3, 4, 2): value 15 + 40 = 55 -> 55 / 200 * 255 = 70.1 -> 70; LPS grid, so i runs
    // left to right and j top to bottom: centre at (3 * 20 + 10, 100 + 4 * 20 + 10).
    expectRgb(f.pixel(70, 190), 70, 70, 70);
    // Voxel (19, 0, 2): 95 + 40 = 135 -> 172.1 -> 172.
    expectRgb(f.pixel(390, 110), 172, 172, 172);
    // Outside the image: black.
    expectRgb(f.pixel(200, 50), 0, 0, 0);
  }

  void labelColourBlendsOverGrey() {
    Fixture f(grid(), SliceAxis::Axial);
    for (int64_t k = 0; k < 6; ++k)
      for (int64_t j = 2; j <= 5; ++j)
        for (int64_t i = 10; i <= 14; ++i) f.labels.set(i, j, k, 1);
    f.view.labelsChanged();
    f.cursor.setPosition({0, 0, 2});
    // Voxel (12, 3, 2): value 100 -> grey 127.5 -> 128; half red over it: (191.5 -> 192, 64, 64).
    expectRgb(f.pixel(12 * 20 + 10, 100 + 3 * 20 + 10), 192, 64, 64);
    // Its unlabelled neighbour (9, 3, 2): value 85 -> 108.4 -> 108, plain grey.
    expectRgb(f.pixel(9 * 20 + 10, 100 + 3 * 20 + 10), 108, 108, 108);
    // Opacity 0 hides the label.
    f.view.setLabelOpacity(0.0);
    expectRgb(f.pixel(12 * 20 + 10, 100 + 3 * 20 + 10), 128, 128, 128);
  }

  void scrollingMovesOneSlice() {
    Fixture f(grid(), SliceAxis::Axial);
    f.cursor.setPosition({0, 0, 2});
    // k grows toward superior on an LPS grid, so Up moves to k = 3: 15 + 60 = 75 -> 95.6 -> 96.
    QTest::keyClick(&f.view, Qt::Key_Up);
    QCOMPARE(f.view.sliceIndex(), int64_t(3));
    expectRgb(f.pixel(70, 190), 96, 96, 96);
    // One wheel notch forward: k = 4, 15 + 80 = 95 -> 121.1 -> 121.
    QWheelEvent wheel(QPointF(200, 200), f.view.mapToGlobal(QPointF(200, 200)), QPoint(),
                      QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&f.view, &wheel);
    QCOMPARE(f.view.sliceIndex(), int64_t(4));
    expectRgb(f.pixel(70, 190), 121, 121, 121);
    QTest::keyClick(&f.view, Qt::Key_Down);
    QTest::keyClick(&f.view, Qt::Key_Down);
    QCOMPARE(f.view.sliceIndex(), int64_t(2));
    expectRgb(f.pixel(70, 190), 70, 70, 70);
    // Scrolling stops at the last slice.
    QTest::keyClick(&f.view, Qt::Key_PageUp);
    QTest::keyClick(&f.view, Qt::Key_PageUp);
    QTest::keyClick(&f.view, Qt::Key_PageUp);
    QTest::keyClick(&f.view, Qt::Key_PageUp);
    QTest::keyClick(&f.view, Qt::Key_PageUp);
    QCOMPARE(f.view.sliceIndex(), int64_t(5));
  }

  void rasStoredGridIsShownRadiologically() {
    // RAS storage (as many NIfTI files): i grows toward the patient's right, j toward anterior.
    Fixture f(grid({-1, 0, 0, 0, -1, 0, 0, 0, 1}), SliceAxis::Axial);
    for (int64_t k = 0; k < 6; ++k) f.labels.set(0, 0, k, 1);
    f.view.labelsChanged();
    f.cursor.setPosition({0, 0, 2});
    // Voxel (0, 0) is the patient's most left and most posterior point: screen right, bottom.
    // Value 40 -> 51; blended (153, 25.5 -> 26, 26).
    expectRgb(f.pixel(390, 290), 153, 26, 26);
    expectRgb(f.pixel(10, 110), 172, 172, 172);  // voxel (19, 9): 95 + 40 = 135 -> 172
    QCOMPARE(f.view.orientation().left, 'R');
    QCOMPARE(f.view.orientation().top, 'A');
    // Up still moves superior (k grows toward S here too).
    QTest::keyClick(&f.view, Qt::Key_Up);
    QCOMPARE(f.view.sliceIndex(), int64_t(3));
  }

  void orientationLettersPerAxis() {
    const ImageGeometry g = grid();
    const auto axial = SliceOrientation::forAxis(g, SliceAxis::Axial);
    const auto coronal = SliceOrientation::forAxis(g, SliceAxis::Coronal);
    const auto sagittal = SliceOrientation::forAxis(g, SliceAxis::Sagittal);
    auto letters = [](const SliceOrientation& o) {
      return QByteArray() + o.left + o.right + o.top + o.bottom;
    };
    QCOMPARE(letters(axial), QByteArray("RLAP"));
    QCOMPARE(letters(coronal), QByteArray("RLSI"));
    QCOMPARE(letters(sagittal), QByteArray("APSI"));
    // Coronal and sagittal put superior (k = 5) on top: k runs against screen y.
    QVERIFY(coronal.flipY);
    QVERIFY(sagittal.flipY);
  }

  void aspectRatioFollowsSpacing() {
    // Coronal view of 20 x 6 voxels of 1 x 3 mm: 20 mm wide, 18 mm high -> 400 x 360 pixels.
    Fixture f(grid({1, 0, 0, 0, 1, 0, 0, 0, 1}, {1, 1, 3}), SliceAxis::Coronal);
    QCOMPARE(f.view.imageRect(), QRectF(0, 20, 400, 360));
    f.cursor.setPosition({0, 4, 0});
    // Screen row 0 is k = 5 (superior): voxel (3, 4, 5) = 15 + 100 = 115 -> 146.6 -> 147,
    // centred at (70, 20 + 30); the bottom row is k = 0: 15 -> 19.1 -> 19, at (70, 20 + 330).
    expectRgb(f.pixel(70, 50), 147, 147, 147);
    expectRgb(f.pixel(70, 350), 19, 19, 19);
  }

  void rightDragAdjustsWindowLevel() {
    Fixture f(grid(), SliceAxis::Axial);
    f.cursor.setPosition({0, 0, 2});
    QSignalSpy edited(&f.view, &SliceView::windowLevelEdited);
    auto send = [&](QEvent::Type type, QPointF pos, Qt::MouseButtons buttons) {
      QMouseEvent e(type, pos, f.view.mapToGlobal(pos),
                    type == QEvent::MouseMove ? Qt::NoButton : Qt::RightButton, buttons,
                    Qt::NoModifier);
      QApplication::sendEvent(&f.view, &e);
    };
    // 100 px right doubles the window (200 -> 400); 100 px up raises the level by 100.
    send(QEvent::MouseButtonPress, QPointF(200, 300), Qt::RightButton);
    send(QEvent::MouseMove, QPointF(300, 200), Qt::RightButton);
    send(QEvent::MouseButtonRelease, QPointF(300, 200), Qt::NoButton);
    QCOMPARE(edited.size(), 1);
    QCOMPARE(f.view.layers().window.width, 400.0);
    QCOMPARE(f.view.layers().window.center, 200.0);
    // Voxel (3, 4, 2) = 55 under L 200 / W 400: (55 - 0) / 400 * 255 = 35.1 -> 35.
    expectRgb(f.pixel(70, 190), 35, 35, 35);
  }

  void clickMovesTheSharedCursor() {
    Fixture f(grid(), SliceAxis::Axial);
    QTest::mouseClick(&f.view, Qt::LeftButton, Qt::NoModifier, QPoint(7 * 20 + 5, 100 + 8 * 20 + 5));
    QCOMPARE(f.cursor.position()[0], int64_t(7));
    QCOMPARE(f.cursor.position()[1], int64_t(8));
  }
};

SLICEWISE_GL_TEST_MAIN(SliceViewPixelTest)
#include "SliceViewPixelTest.moc"
