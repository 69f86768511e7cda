// Echo, find, get, move and store against a real Orthanc started here on loopback ports.
#include <sys/stat.h>

#include <QDir>
#include <QFileInfo>
#include <QtTest>

#include "DicomFixtures.h"
#include "OrthancServer.h"
#include "TestData.h"
#include "io/DicomScanner.h"
#include "io/DicomSeg.h"
#include "io/DicomSeriesReader.h"
#include "pacs/PacsCache.h"
#include "pacs/PacsClient.h"
#include "pacs/PacsError.h"

using namespace slicewise;
using test::OrthancServer;

namespace {

int mode(const QString& path) {
  struct stat st {};
  ::stat(path.toLocal8Bit().constData(), &st);
  return int(st.st_mode & 0777);
}

// The volume read from `folder` equals the direct import of the shared series voxel for voxel.
void compareWithFolderImport(const QString& folder, const DicomImportResult& reference) {
  const DicomImportResult got = importDicom(folder.toStdString());
  QCOMPARE(got.slicesRead, 20);
  const ImageGeometry& a = got.volume.geometry();
  const ImageGeometry& b = reference.volume.geometry();
  QCOMPARE(a.size, b.size);
  QCOMPARE(a.spacing, b.spacing);
  QCOMPARE(a.origin, b.origin);
  QCOMPARE(a.direction, b.direction);
  QCOMPARE(got.volume.pixelType(), reference.volume.pixelType());
  QVERIFY(got.volume.storage() == reference.volume.storage());
  QCOMPARE(got.ids.seriesUid, test::sharedCtIdentity().seriesUid.toStdString());
}

}  // namespace

class PacsRetrieveTest : public QObject {
  Q_OBJECT

  OrthancServer orthanc_;
  int movePort_ = 0;
  QString copy_;
  DicomImportResult reference_;

  PacsClient client() const { return PacsClient(orthanc_.node("SLICEWISE", movePort_)); }

 private Q_SLOTS:
  void initTestCase() {
    SLICEWISE_REQUIRE_ORTHANC();
    SLICEWISE_REQUIRE_DATA(test::kSharedCtSeries);
    const QString source = test::sharedData(test::kSharedCtSeries);
    reference_ = importDicom(source.toStdString());
    copy_ = test::scratchDir() + "/ct";
    QString why;
    QCOMPARE(test::copySeriesWithIdentity(source, copy_, test::sharedCtIdentity(), &why), 20);
    movePort_ = test::freeLoopbackPort();
    OrthancServer::Options options;
    options.moveDestinations = {{"SLICEWISE", movePort_}};
    QVERIFY2(orthanc_.start(options, &why), qPrintable(why));
    // The CT goes in through Slicewise's own C-STORE.
    QStringList files;
    for (const QString& f : QDir(copy_).entryList(QDir::Files)) files << QDir(copy_).filePath(f);
    std::vector<std::string> paths;
    for (const QString& f : files) paths.push_back(f.toStdString());
    int lastDone = 0;
    const SendResult sent = client().send(paths, [&](const PacsProgress& p) {
      QCOMPARE(p.done, lastDone + 1);
      QCOMPARE(p.total, 20);
      lastDone = p.done;
    });
    QCOMPARE(sent.sent, 20);
    QCOMPARE(sent.warnings, 0);
    QCOMPARE(lastDone, 20);
  }

  void echoAnswers() { QVERIFY(client().echo() > 0); }

  void findsTheStudyByItsFilters() {
    PacsQuery q;
    q.patientId = "SW-0001";
    auto found = client().find(q);
    QCOMPARE(found.size(), size_t(1));
    const PacsRecord& r = found[0];
    QCOMPARE(r.level, PacsLevel::Study);
    QCOMPARE(r.studyUid, test::sharedCtIdentity().studyUid.toStdString());
    QCOMPARE(r.patientName, std::string("MÜLLER^ANNA"));  // Latin-1 in the files, UTF-8 here
    QCOMPARE(r.studyDate, std::string("20221208"));
    QCOMPARE(r.accessionNumber, std::string("ACC22"));
    QCOMPARE(r.series, 1);
    QCOMPARE(r.instances, 20);

    PacsQuery byName;
    byName.patientName = "M";
    QCOMPARE(client().find(byName).size(), size_t(1));
    PacsQuery inRange;
    inRange.dateFrom = "2022-12-01";
    inRange.dateTo = "2022-12-31";
    inRange.modality = "CT";
    inRange.accessionNumber = "ACC22";
    QCOMPARE(client().find(inRange).size(), size_t(1));
    PacsQuery outOfRange;
    outOfRange.dateFrom = "20230101";
    QCOMPARE(client().find(outOfRange).size(), size_t(0));
    PacsQuery otherModality;
    otherModality.modality = "MR";
    QCOMPARE(client().find(otherModality).size(), size_t(0));
    PacsQuery otherPatient;
    otherPatient.patientId = "NOBODY";
    QCOMPARE(client().find(otherPatient).size(), size_t(0));
  }

  void findsSeriesDirectlyAndThroughStudies() {
    PacsQuery q;
    q.level = PacsLevel::Series;
    q.studyUid = test::sharedCtIdentity().studyUid.toStdString();
    auto series = client().find(q);
    QCOMPARE(series.size(), size_t(1));
    QCOMPARE(series[0].seriesUid, test::sharedCtIdentity().seriesUid.toStdString());
    QCOMPARE(series[0].modality, std::string("CT"));
    QCOMPARE(series[0].seriesDescription, std::string("CT Body 3.0"));
    QCOMPARE(series[0].instances, 20);

    PacsQuery viaStudies;
    viaStudies.level = PacsLevel::Series;
    viaStudies.patientId = "SW-0001";
    viaStudies.description = "body";
    series = client().find(viaStudies);
    QCOMPARE(series.size(), size_t(1));
    QCOMPARE(series[0].patientId, std::string("SW-0001"));
    QCOMPARE(series[0].studyDate, std::string("20221208"));
    viaStudies.description = "head";
    QCOMPARE(client().find(viaStudies).size(), size_t(0));

    PacsQuery patients;
    patients.level = PacsLevel::Patient;
    patients.patientId = "SW-0001";
    const auto p = client().find(patients);
    QCOMPARE(p.size(), size_t(1));
    QCOMPARE(p[0].studies, 1);
  }

  void getIsVoxelIdenticalToAFolderImport() {
    const QString out = test::scratchDir() + "/got/series";
    std::vector<PacsProgress> steps;
    RetrieveRequest request;
    request.seriesUid = test::sharedCtIdentity().seriesUid.toStdString();
    const RetrieveResult r = client().retrieveSeries(request, out.toStdString(), [&](const PacsProgress& p) { steps.push_back(p); });
    QCOMPARE(r.images, 20);
    QCOMPARE(QDir(out).entryList(QDir::Files).size(), 20);
    QCOMPARE(steps.front().done, 0);
    QCOMPARE(steps.back().done, 20);
    QCOMPARE(steps.back().total, 20);
    QCOMPARE(steps.back().bytes, r.bytes);
    QVERIFY(r.bytes > 20u * 500000u);
    QCOMPARE(mode(out), 0700);
    QCOMPARE(mode(QDir(out).filePath(QDir(out).entryList(QDir::Files).first())), 0600);
    // Nothing but the series is left beside it.
    QCOMPARE(QDir(out + "/..").entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{"series"});
    compareWithFolderImport(out, reference_);
  }

  void moveIsVoxelIdenticalToAFolderImport() {
    const QString out = test::scratchDir() + "/moved";
    RetrieveRequest request;
    request.seriesUid = test::sharedCtIdentity().seriesUid.toStdString();
    request.studyUid = test::sharedCtIdentity().studyUid.toStdString();
    request.method = RetrieveMethod::Move;
    int last = 0;
    const RetrieveResult r = client().retrieveSeries(request, out.toStdString(), [&](const PacsProgress& p) { last = p.done; });
    QCOMPARE(r.images, 20);
    QCOMPARE(last, 20);
    compareWithFolderImport(out, reference_);
  }

  void cancelLeavesNothing_data() {
    QTest::addColumn<bool>("move");
    QTest::newRow("get") << false;
    QTest::newRow("move") << true;
  }
  void cancelLeavesNothing() {
    QFETCH(bool, move);
    const QString parent = test::scratchDir();
    const QString out = parent + "/series";
    std::atomic<bool> cancel{false};
    RetrieveRequest request;
    request.seriesUid = test::sharedCtIdentity().seriesUid.toStdString();
    request.method = move ? RetrieveMethod::Move : RetrieveMethod::Get;
    QVERIFY_THROWS_EXCEPTION(PacsCancelled, client().retrieveSeries(request, out.toStdString(), [&](const PacsProgress& p) {
      if (p.done >= 5) cancel = true;
    }, &cancel));
    QVERIFY(!QFileInfo::exists(out));
    QCOMPARE(QDir(parent).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
    // The PACS is still there for the next request.
    QVERIFY(client().echo() > 0);
  }

  void cacheKeepsCompleteSeriesOnly() {
    PacsCache cache((test::scratchDir() + "/cache").toStdString());
    RetrieveRequest request;
    request.seriesUid = test::sharedCtIdentity().seriesUid.toStdString();
    QCOMPARE(cache.cachedImages(request.seriesUid), 0);
    const RetrieveResult first = cache.fetch(client(), request, 20);
    QCOMPARE(first.images, 20);
    QCOMPARE(QString::fromStdString(first.folder), QString::fromStdString(cache.root()) + "/" + test::sharedCtIdentity().seriesUid);
    QCOMPARE(mode(QString::fromStdString(cache.root())), 0700);
    // Cached: no second transfer (no bytes counted).
    const RetrieveResult again = cache.fetch(client(), request, 20);
    QCOMPARE(again.images, 20);
    QCOMPARE(again.bytes, uint64_t(0));
    // A copy with fewer images than the PACS holds is replaced by a whole one.
    QFile::remove(QDir(QString::fromStdString(first.folder)).filePath(QDir(QString::fromStdString(first.folder)).entryList(QDir::Files).first()));
    const RetrieveResult refreshed = cache.fetch(client(), request, 20);
    QVERIFY(refreshed.bytes > 0);
    QCOMPARE(cache.cachedImages(request.seriesUid), 20);
    QCOMPARE(QDir(QString::fromStdString(cache.root())).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList{test::sharedCtIdentity().seriesUid});
  }

  void segGoesBackAndIsFound() {
    // A box on slices 5..9 of the retrieved grid, exported as DICOM SEG referencing the series.
    const DicomScanReport scan = scanDicom(copy_.toStdString());
    QCOMPARE(scan.series.size(), size_t(1));
    const DicomImportResult image = importDicom(copy_.toStdString());
    LabelVolume labels(image.volume.geometry());
    for (int64_t k = 5; k < 10; ++k)
      for (int64_t j = 200; j < 260; ++j)
        for (int64_t i = 150; i < 230; ++i) labels.set(i, j, k, 1);
    const QString seg = test::scratchDir() + "/seg.dcm";
    writeDicomSeg(labels, scan.series[0], seg.toStdString());
    const SendResult sent = client().send({seg.toStdString()});
    QCOMPARE(sent.sent, 1);

    PacsQuery q;
    q.level = PacsLevel::Series;
    q.studyUid = test::sharedCtIdentity().studyUid.toStdString();
    q.modality = "SEG";
    const auto found = client().find(q);
    QCOMPARE(found.size(), size_t(1));
    QCOMPARE(found[0].modality, std::string("SEG"));
    QCOMPARE(found[0].seriesDescription, std::string("Slicewise segmentation"));
    QCOMPARE(found[0].instances, 1);
    // The study now holds two series; the image series is unchanged.
    q.modality.clear();
    QCOMPARE(client().find(q).size(), size_t(2));
  }

  void sendRefusesFilesThatAreNotDicom() {
    const QString text = test::scratchDir() + "/notes.txt";
    QFile f(text);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not DICOM");
    f.close();
    try {
      client().send({text.toStdString()});
      QFAIL("no error");
    } catch (const PacsError& e) {
      QCOMPARE(QString(e.what()), text + " is not a DICOM file");
    }
  }
};

QTEST_GUILESS_MAIN(PacsRetrieveTest)
#include "PacsRetrieveTest.moc"
