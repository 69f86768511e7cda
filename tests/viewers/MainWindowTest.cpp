// The first window on the built-in sample: three planes and the 3D view share one cursor and one
// window/level.
#include <QMouseEvent>
#include <QtTest>

#include "GlTestMain.h"
#include "ui/CaseLoader.h"
#include "ui/MainWindow.h"
#include "viewers/SliceCursor.h"
#include "viewers/SliceView.h"
#include "viewers/SurfaceView.h"

using namespace slicewise;

class MainWindowTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void viewsShareCursorAndWindow() {
    MainWindow window(CaseLoader::sample());
    window.resize(1000, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // The sample is 192 x 160 x 64, stored LPS: the cursor starts at the centre voxel.
    QCOMPARE(window.cursor()->position(), (Index3{95, 79, 31}));
    QCOMPARE(window.sliceView(SliceAxis::Axial)->sliceIndex(), int64_t(31));
    QCOMPARE(window.sliceView(SliceAxis::Coronal)->sliceIndex(), int64_t(79));
    QCOMPARE(window.sliceView(SliceAxis::Sagittal)->sliceIndex(), int64_t(95));

    window.cursor()->setPosition({10, 20, 30});
    QCOMPARE(window.sliceView(SliceAxis::Axial)->sliceIndex(), int64_t(30));
    QCOMPARE(window.sliceView(SliceAxis::Coronal)->sliceIndex(), int64_t(20));
    QCOMPARE(window.sliceView(SliceAxis::Sagittal)->sliceIndex(), int64_t(10));

    // Scrolling the sagittal view moves the cursor's i, which the other views show as crosshair.
    QTest::keyClick(window.sliceView(SliceAxis::Sagittal), Qt::Key_Up);
    QCOMPARE(window.cursor()->position(), (Index3{11, 20, 30}));

    // CT opens at W 400 / L 40 in every plane; a right drag in one plane moves all three.
    for (SliceAxis a : kAllAxes) {
      QCOMPARE(window.sliceView(a)->layers().window.width, 400.0);
      QCOMPARE(window.sliceView(a)->layers().window.center, 40.0);
    }
    SliceView* axial = window.sliceView(SliceAxis::Axial);
    const QPointF from(100, 100), to(200, 100);
    QMouseEvent press(QEvent::MouseButtonPress, from, axial->mapToGlobal(from), Qt::RightButton,
                      Qt::RightButton, Qt::NoModifier);
    QMouseEvent move(QEvent::MouseMove, to, axial->mapToGlobal(to), Qt::NoButton, Qt::RightButton,
                     Qt::NoModifier);
    QApplication::sendEvent(axial, &press);
    QApplication::sendEvent(axial, &move);
    for (SliceAxis a : kAllAxes) QCOMPARE(window.sliceView(a)->layers().window.width, 800.0);

    // All six sample organs have surfaces.
    QVERIFY(window.surfaceView()->triangleCount() > 10000);
  }
};

SLICEWISE_GL_TEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
