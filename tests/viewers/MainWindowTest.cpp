// The workstation window on the built-in sample: three planes and the 3D view share one cursor
// and one window/level, panels and menus are there, and the window fits the screen.
#include <QMouseEvent>
#include <QScreen>
#include <QTableWidget>
#include <QtTest>

#include "GlTestMain.h"
#include "ui/DocumentLoader.h"
#include "ui/MainWindow.h"
#include "ui/panels/LabelsPanel.h"
#include "viewers/SliceCursor.h"
#include "viewers/SliceView.h"
#include "viewers/SurfaceView.h"

using namespace slicewise;

class MainWindowTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void viewsShareCursorAndWindow() {
    MainWindow window;
    LoadedDocument sample = DocumentLoader::sample();
    window.adopt(sample);
    window.resize(1200, 800);
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
    // The bone preset (Ctrl+3) sets all three.
    window.action("view.window-bone")->trigger();
    for (SliceAxis a : kAllAxes) QCOMPARE(window.sliceView(a)->layers().window.width, 2000.0);
    QCOMPARE(window.sliceView(SliceAxis::Axial)->layers().window.center, 400.0);
    window.action("view.window-lung")->trigger();
    QCOMPARE(window.sliceView(SliceAxis::Coronal)->layers().window.center, -600.0);
    QCOMPARE(window.sliceView(SliceAxis::Coronal)->layers().window.width, 1500.0);
    window.action("view.window-brain")->trigger();
    QCOMPARE(window.sliceView(SliceAxis::Sagittal)->layers().window.center, 40.0);
    QCOMPARE(window.sliceView(SliceAxis::Sagittal)->layers().window.width, 80.0);
    window.action("view.window-soft")->trigger();
    QCOMPARE(window.sliceView(SliceAxis::Axial)->layers().window.width, 400.0);

    // All six sample organs have surfaces and rows in the labels panel, with their volumes.
    QVERIFY(window.surfaceView()->triangleCount() > 10000);
    QCOMPARE(window.labelsPanel()->table()->rowCount(), 6);
    QCOMPARE(window.labelsPanel()->table()->item(0, 1)->text(), QString("liver"));
    window.document()->setDiscarded(true);
  }

  void maximiseAndZoom() {
    MainWindow window;
    LoadedDocument sample = DocumentLoader::sample();
    window.adopt(sample);
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    SliceView* coronal = window.sliceView(SliceAxis::Coronal);
    const QSize before = coronal->size();
    QTest::mouseClick(coronal, Qt::LeftButton, {}, QPoint(coronal->width() / 2, coronal->height() / 2));
    window.action("view.maximise")->trigger();
    QApplication::processEvents();
    QVERIFY(coronal->width() > before.width() * 3 / 2);
    QVERIFY(!window.sliceView(SliceAxis::Axial)->isVisible());
    window.action("view.maximise")->trigger();
    QApplication::processEvents();
    QVERIFY(window.sliceView(SliceAxis::Axial)->isVisible());
    // Zoom keeps the voxel under the anchor in place.
    const QPointF anchor(coronal->width() / 3.0, coronal->height() / 2.5);
    const SlicePoint under = coronal->viewport().planePoint(anchor);
    coronal->zoomBy(2.0, anchor);
    const SlicePoint after = coronal->viewport().planePoint(anchor);
    QVERIFY(std::abs(after.u - under.u) < 1e-6 && std::abs(after.v - under.v) < 1e-6);
    QCOMPARE(coronal->viewport().zoom(), 2.0);
    window.action("view.zoom-fit")->trigger();
    QCOMPARE(coronal->viewport().zoom(), 1.0);
    window.document()->setDiscarded(true);
  }

  void windowFitsTheScreen() {
    MainWindow window;
    const QSize available = window.screen()->availableGeometry().size();
    const QSize size = MainWindow::fittingSize(QSize(4000, 3000), &window);
    QVERIFY(size.width() <= available.width() && size.height() <= available.height());
  }
};

SLICEWISE_GL_TEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
