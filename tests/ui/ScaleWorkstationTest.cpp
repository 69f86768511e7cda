// At a display scale of 2 (QT_SCALE_FACTOR=2, as on a HiDPI screen) the brush still lands under
// the mouse, the drawn label shows there in device pixels, and the window fits the screen.
#include <QScreen>
#include <QtTest>
#include <set>

#include "TestData.h"
#include "WorkstationFixture.h"
#include "ui/StudyDocument.h"
#include "ui/ToolSettings.h"
#include "viewers/OpenGLSetup.h"
#include "viewers/SliceCursor.h"

using namespace slicewise;

class ScaleWorkstationTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void brushLandsUnderTheMouse() {
    QCOMPARE(qApp->devicePixelRatio(), 2.0);
    const auto [image, labels] = test::writeWorkstationCase(test::scratchDir());
    MainWindow window;
    LoadedDocument d = DocumentLoader::image(image);
    window.adopt(d);
    // 1600 x 1000 wanted; the screen offers about 960 x 600 logical pixels at scale 2.
    window.resize(MainWindow::fittingSize(QSize(1600, 1000), &window));
    const QSize room = window.screen()->availableGeometry().size();
    QVERIFY(window.width() <= room.width() && window.height() <= room.height());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.cursor()->setPosition({32, 24, 7});
    SliceView* axial = window.sliceView(SliceAxis::Axial);
    window.toolSettings()->setActiveLabel(2);
    window.toolSettings()->setBrushDiameterMm(0.5);  // smaller than a voxel: exactly the one under the mouse
    window.action("tools.brush")->trigger();
    const QPointF click = test::at(axial, 30, 20);
    test::drag(axial, {click});
    const auto counts = window.document()->annotation().labels.labelCounts();
    QCOMPARE(counts.at(2), uint64_t(1));
    QCOMPARE(window.document()->annotation().labels.at(30, 20, 7), Label(2));
    // In the grabbed frame (device pixels, twice the logical size) the label's colour is at the
    // click, blended at one half with the voxel's grey (value 10 * 30 + 20 = 320).
    const QImage frame = axial->grab().toImage();
    QCOMPARE(frame.devicePixelRatio(), 2.0);
    const QColor shown = frame.pixelColor((click * 2).toPoint());
    const int grey = axial->layers().window.grey(320);
    const Rgb c = window.document()->annotation().table.infoOrDefault(2).color;
    QCOMPARE(shown, QColor(int(std::lround(grey * 0.5 + c.r * 0.5)), int(std::lround(grey * 0.5 + c.g * 0.5)),
                           int(std::lround(grey * 0.5 + c.b * 0.5))));
    window.document()->setDiscarded(true);
  }
};

int main(int argc, char** argv) {
  QTemporaryDir home;
  qputenv("XDG_DATA_HOME", home.filePath("data").toUtf8());
  qputenv("XDG_CONFIG_HOME", home.filePath("config").toUtf8());
  qputenv("QT_SCALE_FACTOR", "2");
  slicewise::configureOpenGLBeforeApplication();
  QApplication app(argc, argv);
  ScaleWorkstationTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "ScaleWorkstationTest.moc"
