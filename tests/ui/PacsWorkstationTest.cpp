// File > Query PACS in the workstation: the series chosen in the dialog is retrieved and opens
// exactly as the same series opened from a folder does.
#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QtTest>

#include "DicomFixtures.h"
#include "GlTestMain.h"
#include "OrthancServer.h"
#include "TestData.h"
#include "pacs/PacsClient.h"
#include "pacs/PacsNodeStore.h"
#include "ui/DocumentController.h"
#include "ui/MainWindow.h"
#include "ui/PacsQueryDialog.h"
#include "ui/StudyDocument.h"

using namespace slicewise;

namespace {

// Drives the next Query PACS dialog as a person would: searches a patient ID, waits for the
// series, retrieves it.
void driveNextQueryDialog(const QString& patientId) {
  auto* timer = new QTimer(qApp);
  timer->setInterval(50);
  QObject::connect(timer, &QTimer::timeout, [timer, patientId, searched = false, tries = 0]() mutable {
    auto* dialog = qobject_cast<PacsQueryDialog*>(QApplication::activeModalWidget());
    if (dialog && !dialog->busy()) {
      if (!searched) {
        dialog->filter("patient-id")->setText(patientId);
        dialog->searchButton()->click();
        searched = true;
      } else if (dialog->series()->rowCount() > 0 && dialog->retrieveButton()->isEnabled()) {
        dialog->retrieveButton()->click();
        timer->stop();
        timer->deleteLater();
        return;
      }
    }
    if (++tries > 1200) {
      timer->stop();
      timer->deleteLater();
      if (dialog) dialog->reject();
    }
  });
  timer->start();
}

}  // namespace

class PacsWorkstationTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void retrievedSeriesOpensAsTheFolderDoes() {
    SLICEWISE_REQUIRE_ORTHANC();
    SLICEWISE_REQUIRE_DATA(test::kSharedCtSeries);
    const QString copy = test::scratchDir() + "/ct";
    QString why;
    QCOMPARE(test::copySeriesWithIdentity(test::sharedData(test::kSharedCtSeries), copy, test::sharedCtIdentity(), &why), 20);
    test::OrthancServer orthanc;
    QVERIFY2(orthanc.start({}, &why), qPrintable(why));
    PacsNode node = orthanc.node();
    node.name = "orthanc";
    writePacsNodes(defaultPacsNodesPath(), {node});  // the test's own config folder (GL test main)
    const QString cache = test::scratchDir() + "/cache";
    qputenv("SLICEWISE_PACS_CACHE", cache.toLocal8Bit());
    std::vector<std::string> files;
    for (const QString& f : QDir(copy).entryList(QDir::Files)) files.push_back(QDir(copy).filePath(f).toStdString());
    QCOMPARE(PacsClient(node).send(files).sent, 20);

    MainWindow fromFolder;
    fromFolder.controller()->open(test::sharedData(test::kSharedCtSeries));
    fromFolder.controller()->waitForLoad();
    QVERIFY(fromFolder.document());

    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QAction* query = window.action("file.query-pacs");
    QVERIFY(query);
    QCOMPARE(query->shortcut(), QKeySequence("Ctrl+Shift+F"));
    driveNextQueryDialog("SW-0001");
    query->trigger();  // returns once the dialog closed and the open began
    window.controller()->waitForLoad();
    QVERIFY(window.document());
    QCOMPARE(window.document()->image().geometry().size, fromFolder.document()->image().geometry().size);
    QCOMPARE(window.document()->image().geometry().spacing, fromFolder.document()->image().geometry().spacing);
    QCOMPARE(window.document()->image().geometry().origin, fromFolder.document()->image().geometry().origin);
    QCOMPARE(window.document()->image().geometry().direction, fromFolder.document()->image().geometry().direction);
    QVERIFY(window.document()->image().storage() == fromFolder.document()->image().storage());
    QCOMPARE(QDir(cache + "/" + test::sharedCtIdentity().seriesUid).entryList(QDir::Files).size(), 20);
  }
};

SLICEWISE_GL_TEST_MAIN(PacsWorkstationTest)
#include "PacsWorkstationTest.moc"
