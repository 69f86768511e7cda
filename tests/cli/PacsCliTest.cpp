// slicewise-cli pacs echo / find / get / send / nodes against a real Orthanc started here.
#include <sys/stat.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include "CliRunner.h"
#include "DicomFixtures.h"
#include "OrthancServer.h"
#include "TestData.h"
#include "io/DicomSeriesReader.h"
#include "io/ImageIO.h"
#include "pacs/PacsNodeStore.h"

using slicewise::test::runCli;
using slicewise::test::scratchDir;

namespace {

int lineCount(const QByteArray& text) { return text.trimmed().isEmpty() ? 0 : int(text.trimmed().count('\n')) + 1; }

// Neither the patient's name nor any part of it in what the command printed.
void checkNoName(const slicewise::test::CliResult& r) {
  for (const QByteArray& part : {QByteArray("MÜLLER"), QByteArray("M\xdcLLER"), QByteArray("ANNA"), QByteArray("LLER")}) {
    QVERIFY2(!r.out.contains(part), r.out.constData());
    QVERIFY2(!r.err.contains(part), r.err.constData());
  }
}

}  // namespace

class PacsCliTest : public QObject {
  Q_OBJECT

  slicewise::test::OrthancServer orthanc_;
  QString copy_;
  QString seriesUid_ = slicewise::test::sharedCtIdentity().seriesUid;
  QString studyUid_ = slicewise::test::sharedCtIdentity().studyUid;

  QStringList inline_() const {
    return {"--host", "127.0.0.1", "--port", QString::number(orthanc_.dicomPort()), "--aec", "ORTHANC"};
  }

 private Q_SLOTS:
  void initTestCase() {
    SLICEWISE_REQUIRE_ORTHANC();
    SLICEWISE_REQUIRE_DATA(slicewise::test::kSharedCtSeries);
    copy_ = scratchDir() + "/ct";
    QString why;
    QCOMPARE(slicewise::test::copySeriesWithIdentity(slicewise::test::sharedData(slicewise::test::kSharedCtSeries),
                                                    copy_, slicewise::test::sharedCtIdentity(), &why),
             20);
    const int movePort = slicewise::test::freeLoopbackPort();
    slicewise::test::OrthancServer::Options options;
    options.moveDestinations = {{"SLICEWISE", movePort}};
    QVERIFY2(orthanc_.start(options, &why), qPrintable(why));
    // The nodes file the commands read by default (and the app too).
    const QString nodes = scratchDir() + "/config/pacs.json";
    slicewise::PacsNode node = orthanc_.node("SLICEWISE", movePort);
    node.name = "test";
    slicewise::writePacsNodes(nodes.toStdString(), {node});
    qputenv("SLICEWISE_PACS_NODES", nodes.toLocal8Bit());

    const auto sent = runCli({"pacs", "send", copy_, "--to", "test", "--json"});
    QCOMPARE(sent.exitCode, 0);
    QCOMPARE(sent.json()["sent"].toInt(), 20);
    QCOMPARE(sent.json()["warnings"].toInt(), 0);
  }

  void echoByNameAndInline() {
    const auto named = runCli({"pacs", "echo", "--node", "test"});
    QCOMPARE(named.exitCode, 0);
    QVERIFY(named.out.startsWith("ORTHANC at 127.0.0.1:" + QByteArray::number(orthanc_.dicomPort()) + " answered C-ECHO in "));
    QCOMPARE(runCli(QStringList{"pacs", "echo"} + inline_()).exitCode, 0);
    const auto nodes = runCli({"pacs", "nodes", "--json"});
    QCOMPARE(nodes.exitCode, 0);
    QCOMPARE(nodes.json()["nodes"].toArray()[0].toObject()["name"].toString(), QString("test"));
  }

  void findListsStudiesAndSeriesWithoutNames() {
    const auto studies = runCli({"pacs", "find", "--node", "test", "--patient-name", "M", "--date-from", "2022-12-01", "--json"});
    QCOMPARE(studies.exitCode, 0);
    const QJsonArray matches = studies.json()["matches"].toArray();
    QCOMPARE(matches.size(), 1);
    const QJsonObject s = matches[0].toObject();
    QCOMPARE(s["study_uid"].toString(), studyUid_);
    QCOMPARE(s["patient_id"].toString(), QString("SW-0001"));
    QCOMPARE(s["study_date"].toString(), QString("20221208"));
    QCOMPARE(s["accession_number"].toString(), QString("ACC22"));
    QCOMPARE(s["images"].toInt(), 20);
    QVERIFY(!s.contains("patient_name"));
    checkNoName(studies);

    const auto series = runCli({"pacs", "find", "--node", "test", "--level", "series", "--study-uid", studyUid_});
    QCOMPARE(series.exitCode, 0);
    QVERIFY(series.out.contains(seriesUid_.toLatin1()));
    QVERIFY(series.out.contains("CT Body 3.0"));
    QCOMPARE(series.err, QByteArray("1 match\n"));
    checkNoName(series);
    const auto none = runCli({"pacs", "find", "--node", "test", "--patient-id", "NOBODY", "--json"});
    QCOMPARE(none.json()["matches"].toArray().size(), 0);
  }

  void getIntoAFolderAndAStudy() {
    const QString out = scratchDir() + "/series";
    const auto got = runCli({"pacs", "get", "--node", "test", "--series", seriesUid_, "--out", out, "--json"});
    QCOMPARE(got.exitCode, 0);
    QCOMPARE(got.json()["images"].toInt(), 20);
    QVERIFY(got.json()["bytes"].toDouble() > 10e6);
    QCOMPARE(QDir(out).entryList(QDir::Files).size(), 20);
    checkNoName(got);
    struct stat st {};
    ::stat(out.toLocal8Bit().constData(), &st);
    QCOMPARE(int(st.st_mode & 0777), 0700);

    const QString study = scratchDir() + "/study";
    const auto created = runCli({"pacs", "get", "--node", "test", "--series", seriesUid_, "--study", study});
    QCOMPARE(created.exitCode, 0);
    QVERIFY(created.out.contains("wrote study " + study.toLocal8Bit()));
    const auto info = runCli({"study", "info", study, "--json"});
    QCOMPARE(info.exitCode, 0);
    QCOMPARE(info.json()["dicom"].toObject()["series_instance_uid"].toString(), seriesUid_);

    const QString moved = scratchDir() + "/moved";
    const auto move = runCli({"pacs", "get", "--node", "test", "--series", seriesUid_, "--study-uid", studyUid_,
                              "--out", moved, "--method", "move", "--json"});
    QCOMPARE(move.exitCode, 0);
    QCOMPARE(move.json()["images"].toInt(), 20);
    QCOMPARE(move.json()["method"].toString(), QString("move"));
  }

  void segFromARetrievedSeriesGoesBack() {
    const QString dir = scratchDir();
    QCOMPARE(runCli({"pacs", "get", "--node", "test", "--series", seriesUid_, "--out", dir + "/series"}).exitCode, 0);
    const slicewise::DicomImportResult image = slicewise::importDicom((dir + "/series").toStdString());
    slicewise::LabelVolume labels(image.volume.geometry());
    for (int64_t k = 3; k < 7; ++k)
      for (int64_t j = 100; j < 140; ++j)
        for (int64_t i = 100; i < 140; ++i) labels.set(i, j, k, 2);
    slicewise::writeLabelMap(labels, (dir + "/labels.nrrd").toStdString());
    QCOMPARE(runCli({"dicom", "seg-export", "--labels", dir + "/labels.nrrd", "--series", dir + "/series", "--out",
                     dir + "/seg.dcm"}).exitCode, 0);
    const auto sent = runCli(QStringList{"pacs", "send", dir + "/seg.dcm", "--json"} + inline_());
    QCOMPARE(sent.exitCode, 0);
    QCOMPARE(sent.json()["sent"].toInt(), 1);
    const auto found = runCli({"pacs", "find", "--node", "test", "--level", "series", "--study-uid", studyUid_,
                               "--modality", "SEG", "--json"});
    QCOMPARE(found.json()["matches"].toArray().size(), 1);
    QCOMPARE(found.json()["matches"].toArray()[0].toObject()["modality"].toString(), QString("SEG"));
  }

  void failuresAreOneLine() {
    const QString out = scratchDir() + "/never";
    const auto wrongAet = runCli({"pacs", "get", "--node", "test", "--aec", "WRONG", "--series", seriesUid_, "--out", out});
    QCOMPARE(wrongAet.exitCode, 1);
    QCOMPARE(lineCount(wrongAet.err), 1);
    QVERIFY(wrongAet.err.startsWith("slicewise-cli: error: C-FIND with WRONG at 127.0.0.1:"));
    QVERIFY(wrongAet.err.contains("rejected the association"));
    QVERIFY(!QFileInfo::exists(out));

    const int closed = slicewise::test::freeLoopbackPort();
    const auto stopped = runCli({"pacs", "echo", "--host", "127.0.0.1", "--port", QString::number(closed), "--aec", "X"});
    QCOMPARE(stopped.exitCode, 1);
    QCOMPARE(lineCount(stopped.err), 1);
    QVERIFY(stopped.err.contains("connection refused"));

    const auto unknown = runCli({"pacs", "echo", "--node", "nope"});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY(unknown.err.contains("no PACS node 'nope' in ") && unknown.err.contains("(known: test)"));

    const auto notDicom = runCli({"pacs", "send", QString::fromLocal8Bit(qgetenv("SLICEWISE_PACS_NODES")), "--to", "test"});
    QCOMPARE(notDicom.exitCode, 1);
    QVERIFY(notDicom.err.contains("is not a DICOM file"));
  }

  void usageErrors() {
    QCOMPARE(runCli({"pacs", "echo"}).exitCode, 2);
    QCOMPARE(runCli({"pacs", "get", "--node", "test", "--series", seriesUid_}).exitCode, 2);
    QCOMPARE(runCli({"pacs", "find", "--node", "test", "--level", "image"}).exitCode, 2);
    QCOMPARE(runCli({"pacs", "echo", "--host", "h", "--aec", "ABCDEFGHIJKLMNOPQ"}).exitCode, 2);
    const auto taken = runCli({"pacs", "get", "--node", "test", "--series", seriesUid_, "--out", scratchDir()});
    QCOMPARE(taken.exitCode, 1);
    QVERIFY(taken.err.contains("exists already"));
  }
};

QTEST_GUILESS_MAIN(PacsCliTest)
#include "PacsCliTest.moc"
