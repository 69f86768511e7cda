// File > Query PACS against a real Orthanc: search, the patient's name in the results table (and
// nowhere else), series listing, retrieve into the cache with C-GET and C-MOVE.
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QtTest>

#include "DicomFixtures.h"
#include "OrthancServer.h"
#include "TestData.h"
#include "pacs/PacsClient.h"
#include "pacs/PacsNodeStore.h"
#include "ui/PacsQueryDialog.h"

using namespace slicewise;

namespace {

QStringList messages;
QtMessageHandler previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext& context, const QString& text) {
  messages << text;
  if (previousHandler) previousHandler(type, context, text);
}

QStringList rowText(const QTableWidget* t, int row) {
  QStringList cells;
  for (int c = 0; c < t->columnCount(); ++c) cells << (t->item(row, c) ? t->item(row, c)->text() : QString());
  return cells;
}

}  // namespace

class PacsQueryDialogTest : public QObject {
  Q_OBJECT

  test::OrthancServer orthanc_;
  QString nodesFile_;
  QString seriesUid_ = test::sharedCtIdentity().seriesUid;

  void searchFor(PacsQueryDialog& d, const QString& patientId) {
    d.filter("patient-id")->setText(patientId);
    QTest::mouseClick(d.searchButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!d.busy(), 20000);
  }

 private Q_SLOTS:
  void initTestCase() {
    SLICEWISE_REQUIRE_ORTHANC();
    SLICEWISE_REQUIRE_DATA(test::kSharedCtSeries);
    qputenv("XDG_CONFIG_HOME", test::scratchDir().toLocal8Bit());  // QSettings stay in the scratch folder
    const QString copy = test::scratchDir() + "/ct";
    QString why;
    QCOMPARE(test::copySeriesWithIdentity(test::sharedData(test::kSharedCtSeries), copy, test::sharedCtIdentity(), &why), 20);
    const int movePort = test::freeLoopbackPort();
    test::OrthancServer::Options options;
    options.moveDestinations = {{"SLICEWISE", movePort}};
    QVERIFY2(orthanc_.start(options, &why), qPrintable(why));
    PacsNode node = orthanc_.node("SLICEWISE", movePort);
    node.name = "orthanc";
    nodesFile_ = test::scratchDir() + "/pacs.json";
    writePacsNodes(nodesFile_.toStdString(), {node});
    std::vector<std::string> files;
    for (const QString& f : QDir(copy).entryList(QDir::Files)) files.push_back(QDir(copy).filePath(f).toStdString());
    QCOMPARE(PacsClient(node).send(files).sent, 20);
    previousHandler = qInstallMessageHandler(recordMessage);
  }

  void cleanupTestCase() {
    qInstallMessageHandler(previousHandler);
    // Patient names appear in the results table only: no log line carries them.
    for (const QString& m : messages) QVERIFY2(!m.contains("LLER") && !m.contains("ANNA"), qPrintable(m));
  }

  void personNamesForReading() {
    QCOMPARE(PacsQueryDialog::personName("MÜLLER^ANNA"), QString("MÜLLER, ANNA"));
    QCOMPARE(PacsQueryDialog::personName("DOE^JANE^^DR^"), QString("DOE, JANE DR"));
    QCOMPARE(PacsQueryDialog::personName("DOE"), QString("DOE"));
    QCOMPARE(PacsQueryDialog::personName("Yamada^Tarou=山田^太郎"), QString("Yamada, Tarou"));
  }

  void searchShowsWhoseImagesAndRetrieves() {
    PacsQueryDialog d(nodesFile_, test::scratchDir() + "/cache");
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QCOMPARE(d.nodeBox()->count(), 1);
    searchFor(d, "SW-0001");
    QCOMPARE(d.studies()->rowCount(), 1);
    QCOMPARE(rowText(d.studies(), 0), (QStringList{"MÜLLER, ANNA", "SW-0001", "", "2022-12-08", "CT", "", "ACC22", "1", "20"}));
    // The only study is chosen at once and its series listed.
    QTRY_COMPARE_WITH_TIMEOUT(d.series()->rowCount(), 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!d.busy(), 20000);
    QCOMPARE(rowText(d.series(), 0), (QStringList{"", "CT", "CT Body 3.0", "20", "2022-12-08"}));
    QVERIFY(d.retrieveButton()->isEnabled());
    QTest::mouseClick(d.retrieveButton(), Qt::LeftButton);
    QVERIFY(d.cancelButton()->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(d.result(), int(QDialog::Accepted), 30000);
    QCOMPARE(QFileInfo(d.retrievedFolder()).fileName(), seriesUid_);
    QCOMPARE(QDir(d.retrievedFolder()).entryList(QDir::Files).size(), 20);
    QVERIFY2(d.status()->text().startsWith("Retrieved 20 images (10.6 MB) in "), qPrintable(d.status()->text()));
  }

  void moveIntoAnotherCache() {
    const QString cache = test::scratchDir() + "/cache";
    PacsQueryDialog d(nodesFile_, cache);
    d.methodBox()->setCurrentIndex(d.methodBox()->findData("move"));
    QCOMPARE(d.methodBox()->currentData().toString(), QString("move"));
    searchFor(d, "SW-0001");
    QTRY_COMPARE_WITH_TIMEOUT(d.series()->rowCount(), 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!d.busy(), 20000);
    QTest::mouseClick(d.retrieveButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(d.result(), int(QDialog::Accepted), 30000);
    QCOMPARE(d.retrievedFolder(), cache + "/" + seriesUid_);
    QCOMPARE(QDir(d.retrievedFolder()).entryList(QDir::Files).size(), 20);
  }

  void aWholeSeriesInTheCacheIsNotFetchedAgain() {
    const QString cache = test::scratchDir() + "/cache";
    for (int pass = 0; pass < 2; ++pass) {
      PacsQueryDialog d(nodesFile_, cache);
      searchFor(d, "SW-0001");
      QTRY_COMPARE_WITH_TIMEOUT(d.series()->rowCount(), 1, 20000);
      QTRY_VERIFY_WITH_TIMEOUT(!d.busy(), 20000);
      QTest::mouseClick(d.retrieveButton(), Qt::LeftButton);
      QTRY_COMPARE_WITH_TIMEOUT(d.result(), int(QDialog::Accepted), 30000);
      if (pass == 1) QCOMPARE(d.status()->text(), QString("20 images already retrieved."));
    }
  }

  void searchNeedsAFilter() {
    PacsQueryDialog d(nodesFile_, test::scratchDir());
    QTest::mouseClick(d.searchButton(), Qt::LeftButton);
    QVERIFY(!d.busy());
    QVERIFY(d.status()->text().startsWith("Give a patient ID or name, an accession number or a study date"));
    d.filter("date-from")->setText("2022-12-01");
    d.filter("date-to")->setText("2022-12-31");
    d.filter("description")->setText("nothing like it");
    QTest::mouseClick(d.searchButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!d.busy(), 20000);
    QCOMPARE(d.studies()->rowCount(), 0);
    QCOMPARE(d.status()->text(), QString("No study matches."));
  }

  void failuresShowOneLine() {
    PacsNode closed = orthanc_.node();
    closed.name = "closed";
    closed.port = test::freeLoopbackPort();
    const QString nodes = test::scratchDir() + "/closed.json";
    writePacsNodes(nodes.toStdString(), {closed});
    PacsQueryDialog d(nodes, test::scratchDir());
    searchFor(d, "SW-0001");
    QVERIFY2(d.status()->text().contains("connection refused"), qPrintable(d.status()->text()));
    QVERIFY(!d.status()->text().contains('\n'));
    QCOMPARE(d.studies()->rowCount(), 0);
  }

  void noNodesSaysHowToAddOne() {
    PacsQueryDialog d(test::scratchDir() + "/none.json", test::scratchDir());
    QCOMPARE(d.nodeBox()->count(), 0);
    QVERIFY(!d.searchButton()->isEnabled());
    QCOMPARE(d.status()->text(), QString("No PACS is set up yet: add one with Nodes\u2026"));
  }
};

QTEST_MAIN(PacsQueryDialogTest)
#include "PacsQueryDialogTest.moc"
