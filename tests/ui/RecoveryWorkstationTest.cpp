// A killed app's work is offered on the next start: a child process (this test binary with
// --child) opens an image, paints, lets autosave write, says so and is killed with SIGKILL; the
// next window offers the work, restores it on request, and a declined offer of unnamed work
// removes it.
#include <QProcess>
#include <QtTest>
#include <csignal>

#include "TestData.h"
#include "WorkstationFixture.h"
#include "ui/DocumentController.h"
#include "ui/RecoveryStore.h"
#include "ui/StudyDocument.h"
#include "ui/ToolSettings.h"
#include "viewers/OpenGLSetup.h"
#include "viewers/SliceCursor.h"

using namespace slicewise;

namespace {

QString gImage;  // the image the child paints on

// Paints one stroke of label 2 on axial slice 7, waits until autosave wrote it, reports, then
// waits to be killed.
int child(const QString& image) {
  MainWindow window;
  LoadedDocument d = DocumentLoader::image(image);
  window.adopt(d);
  window.resize(1200, 800);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window)) return 2;
  window.cursor()->setPosition({32, 24, 7});
  window.toolSettings()->setActiveLabel(2);
  window.toolSettings()->setBrushDiameterMm(3.0);
  window.action("tools.brush")->trigger();
  SliceView* axial = window.sliceView(SliceAxis::Axial);
  test::drag(axial, {test::at(axial, 10, 30), test::at(axial, 50, 30)});
  // The autosave timer writes a few seconds after the last edit: wait for its history entry.
  for (int i = 0; i < 400 && window.document()->study().history().back().description != "autosave"; ++i)
    QTest::qWait(25);
  std::printf("painted %llu\n", static_cast<unsigned long long>(window.document()->annotation().labels.labelCounts().at(2)));
  std::fflush(stdout);
  for (;;) QTest::qWait(1000);
}

}  // namespace

class RecoveryWorkstationTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void killedAppsWorkIsOffered() {
    const auto [image, labels] = test::writeWorkstationCase(test::scratchDir());
    QProcess app;
    app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    app.start(QCoreApplication::applicationFilePath(), {"--child", image});
    QVERIFY(app.waitForStarted());
    QByteArray said;
    for (int i = 0; i < 600 && !said.contains('\n'); ++i) {
      app.waitForReadyRead(100);
      said += app.readAllStandardOutput();
    }
    QVERIFY2(said.startsWith("painted "), said.constData());
    const uint64_t painted = said.mid(8).trimmed().toULongLong();
    QVERIFY(painted > 50);
    ::kill(pid_t(app.processId()), SIGKILL);
    QVERIFY(app.waitForFinished());

    const std::vector<RecoveryStore::LeftOpen> left = RecoveryStore::leftOpen();
    QCOMPARE(left.size(), size_t(1));
    QVERIFY(left[0].unnamed);
    QCOMPARE(left[0].title, QString("case.nii.gz"));

    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString asked;
    test::answerNextMessageBox("Restore", &asked);
    window.controller()->offerRecovery();
    window.controller()->waitForLoad();
    QVERIFY(asked.contains("did not close normally while case.nii.gz was open"));
    QVERIFY(window.document());
    QVERIFY(window.document()->isUnnamed());
    QCOMPARE(window.document()->title(), QString("case.nii.gz"));
    QCOMPARE(window.document()->annotation().labels.labelCounts().at(2), painted);
    QCOMPARE(window.document()->annotation().provenance.count(VoxelOrigin::Drawn), size_t(painted));
    // Restored work is still unnamed: closing it asks, and a discard removes it.
    const QString folder = window.document()->folder();
    test::answerNextMessageBox("Discard");
    QVERIFY(window.close());
    QVERIFY(!QDir(folder).exists());
    QVERIFY(RecoveryStore::leftOpen().empty());
  }
};

int main(int argc, char** argv) {
  const bool isChild = argc == 3 && QByteArray(argv[1]) == "--child";
  QTemporaryDir home;
  if (!isChild) {
    // The child inherits these: both runs share one settings and data folder, as one user's do.
    qputenv("XDG_DATA_HOME", home.filePath("data").toUtf8());
    qputenv("XDG_CONFIG_HOME", home.filePath("config").toUtf8());
  }
  slicewise::configureOpenGLBeforeApplication();
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("slicewise"));
  QApplication::setApplicationName(QStringLiteral("slicewise"));
  if (isChild) return child(QString::fromLocal8Bit(argv[2]));
  RecoveryWorkstationTest test;
  return QTest::qExec(&test, argc, argv);
}

#include "RecoveryWorkstationTest.moc"
