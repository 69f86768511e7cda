// Studies written by older builds open in this one: schema version 1 (fixtures/study-v1.sql,
// built by SQL) and version 2 (fixtures/study-v2/, a study folder written by the version-2
// build) are migrated in place, every label, mark, proposal and history entry kept, and are
// writable afterwards; a read-only open reads them without writing.
#include <QDir>
#include <QFile>
#include <QTest>
#include <sqlite3.h>

#include "TestData.h"
#include "study/Study.h"

using namespace slicewise;

class StudyMigrationTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void versionOneStudyIsMigrated();
  void versionTwoStudyFileIsMigrated();
  void newerSchemaIsRefused();
};

namespace {

std::string studyFromScript(const QString& name, const QByteArray& sql) {
  const QString dir = test::scratchDir() + "/" + name;
  QDir().mkpath(dir);
  sqlite3* db = nullptr;
  sqlite3_open((dir + "/study.sqlite").toUtf8().constData(), &db);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.constData(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) qWarning("fixture failed: %s", err);
  sqlite3_free(err);
  sqlite3_close(db);
  return dir.toStdString();
}

QByteArray fileBytes(const std::string& path) {
  QFile f(QString::fromStdString(path));
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray fixture() {
  QFile f(QString(STUDY_FIXTURE_DIR) + "/study-v1.sql");
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

void StudyMigrationTest::versionOneStudyIsMigrated() {
  const QByteArray sql = fixture();
  QVERIFY(!sql.isEmpty());
  const std::string dir = studyFromScript("v1.study", sql);

  // Reading never writes: the upgrade happens in a copy in memory.
  {
    const QByteArray before = fileBytes(dir + "/study.sqlite");
    auto reader = Study::open(dir, Study::Mode::ReadOnly);
    QCOMPARE(reader->schemaVersion(), 1);
    QCOMPARE(QString::fromStdString(reader->openNotes().at(0)),
             QString("read a study of schema version 1 (upgraded in memory only; opening it "
                     "read-write upgrades the file)"));
    QCOMPARE(reader->labels().labelCounts(), (std::map<Label, uint64_t>{{1, 2}, {2, 2}, {3, 2}}));
    QCOMPARE(fileBytes(dir + "/study.sqlite"), before);
  }

  {
    auto study = Study::open(dir);
    QCOMPARE(study->schemaVersion(), 5);
    QCOMPARE(study->openNotes().size(), size_t(1));
    QCOMPARE(QString::fromStdString(study->openNotes()[0]),
             QString("upgraded the study from schema version 1 to 5"));
    const ImageGeometry& g = study->geometry();
    QCOMPARE(g.size, (Index3{4, 3, 2}));
    QCOMPARE(g.spacing, (Vec3{0.5, 0.5, 2.0}));
    QCOMPARE(g.origin, (Vec3{-10.0, 20.0, 30.0}));
    QCOMPARE(study->image().path, std::string("/nonexistent/v1-image.nii.gz"));
    QCOMPARE(study->image().sizeBytes, uint64_t(1234));
    QVERIFY(!study->dicomIdentity());

    const LabelVolume& l = study->labels();
    QCOMPARE(int(l.at(1, 0, 0)), 1);
    QCOMPARE(int(l.at(2, 0, 0)), 1);
    QCOMPARE(int(l.at(1, 1, 0)), 2);
    QCOMPARE(int(l.at(2, 1, 0)), 2);
    QCOMPARE(int(l.at(0, 0, 1)), 3);
    QCOMPARE(int(l.at(3, 2, 1)), 3);
    QCOMPARE(int(l.at(0, 0, 0)), 0);
    QCOMPARE(l.labelCounts(), (std::map<Label, uint64_t>{{1, 2}, {2, 2}, {3, 2}}));
    QCOMPARE(study->provenance().count(VoxelOrigin::Drawn), size_t(4));
    QCOMPARE(study->provenance().count(VoxelOrigin::Accepted), size_t(2));
    QCOMPARE(study->provenance().at(g.linearIndex(3, 2, 1)), VoxelOrigin::Accepted);

    QCOMPARE(study->marks().keySlices(SliceAxis::Axial), std::vector<int64_t>{0});
    QCOMPARE(study->marks().worklist(SliceAxis::Axial), std::vector<int64_t>{1});
    QCOMPARE(study->marks().get(SliceAxis::Coronal, 2).review, ReviewState::Rejected);

    const LabelInfo* liver = study->labelTable().find(1);
    QVERIFY(liver);
    QCOMPARE(liver->name, std::string("liver"));
    QCOMPARE(liver->color, (Rgb{221, 130, 101}));
    QVERIFY(liver->visible);  // columns version 2 added take their defaults
    QVERIFY(!liver->locked);
    QCOMPARE(study->labelTable().size(), size_t(2));

    const auto history = study->history();
    QCOMPARE(history.size(), size_t(1));
    QCOMPARE(history[0].author, std::string("fixture"));
    QCOMPARE(history[0].unixSeconds, int64_t(1700000000));
    QCOMPARE(history[0].bricks, (std::vector<int64_t>{0}));  // slices 0 and 1 lie in brick 0

    // The image is elsewhere: a clear message, not a crash.
    try {
      study->loadImage();
      QFAIL("loadImage found an image that does not exist");
    } catch (const StudyError& e) {
      QVERIFY2(QString(e.what()).endsWith("is missing: /nonexistent/v1-image.nii.gz"), e.what());
    }

    // Later features work on the migrated study.
    study->editor().paint({int64_t(g.linearIndex(0, 2, 0))}, 2);
    LabelInfo info = *study->labelTable().find(2);
    info.locked = true;
    study->editor().updateLabel(info);
    QVERIFY(study->save("tester", "after upgrade") > 0);
    Proposal p;
    p.predictor = "nearest";
    p.labels = LabelVolume(g);
    p.sliceConfidence = {1.0f, 0.5f};
    QCOMPARE(study->addProposal(p), int64_t(1));
    // Version 5's queue jobs too.
    QVERIFY(study->queueJobs().empty());
    StudyQueueJob job;
    job.queuePath = "/nonexistent/queue.sqlite";
    job.jobId = 3;
    job.folder = "/nonexistent/jobs/3";
    job.predictor = "unet";
    study->recordQueueJob(job);
    QCOMPARE(study->queueJobs().size(), size_t(1));
    QCOMPARE(study->queueJobs()[0].state, std::string("pending"));
    QCOMPARE(QString::fromStdString(study->integrityCheck()), QString("ok"));
  }
  auto again = Study::open(dir, Study::Mode::ReadOnly);
  QVERIFY(again->openNotes().empty());
  QCOMPARE(int(again->labels().at(0, 2, 0)), 2);
  QVERIFY(again->labelTable().find(2)->locked);
  QCOMPARE(again->proposals().size(), size_t(1));
  QCOMPARE(again->historyLength(), int64_t(2));
}

// The fixture: a 12x10x8 int16 image (copied in), liver (3) on 7x4 voxels of axial slices 2..4,
// drawn on slice 2, one accepted voxel (4, 4, 3), aorta (7) at (0, 0, 6), locked and hidden;
// marks done 2, empty-here 6, worklist 2, 6, 4, accepted 3, coronal done 5; DICOM identity; a
// proposal of 'shape' with two voxels and eight confidences; two saves.
void StudyMigrationTest::versionTwoStudyFileIsMigrated() {
  const QString dir = test::scratchDir() + "/v2.study";
  QDir().mkpath(dir);
  for (const QString name : {"study.sqlite", "image.nii.gz"})
    QVERIFY(QFile::copy(QString(STUDY_FIXTURE_DIR) + "/study-v2/" + name, dir + "/" + name));
  const auto check = [](const Study& study) {
    const ImageGeometry& g = study.geometry();
    QCOMPARE(g.size, (Index3{12, 10, 8}));
    QCOMPARE(study.labels().labelCounts(), (std::map<Label, uint64_t>{{3, 84}, {7, 1}}));
    QCOMPARE(int(study.labels().at(8, 6, 4)), 3);
    QCOMPARE(int(study.labels().at(0, 0, 6)), 7);
    QCOMPARE(study.provenance().count(VoxelOrigin::Drawn), size_t(28));
    QCOMPARE(study.provenance().at(g.linearIndex(4, 4, 3)), VoxelOrigin::Accepted);
    QCOMPARE(study.provenance().at(g.linearIndex(2, 3, 2)), VoxelOrigin::Drawn);
    QCOMPARE(study.marks().worklist(SliceAxis::Axial), (std::vector<int64_t>{2, 6, 4}));
    // Slice 3 was accepted: a key now, as DESIGN says of accepted slices.
    QCOMPARE(study.marks().keySlices(SliceAxis::Axial), (std::vector<int64_t>{2, 3, 6}));
    QCOMPARE(study.marks().get(SliceAxis::Axial, 6).annotation, AnnotationState::EmptyHere);
    QCOMPARE(study.marks().get(SliceAxis::Axial, 3).reviewedProposal, int64_t(0));  // not recorded then
    QCOMPARE(study.marks().keySlices(SliceAxis::Coronal), (std::vector<int64_t>{5}));
    QCOMPARE(study.labelTable().find(3)->name, std::string("liver"));
    QCOMPARE(study.labelTable().find(7)->color, (Rgb{10, 20, 250}));
    QVERIFY(study.labelTable().find(7)->locked);
    QVERIFY(!study.labelTable().find(7)->visible);
    QCOMPARE(*study.dicomIdentity(), (DicomIdentity{"1.2.3", "1.2.3.4", "1.2.3.5"}));
    const auto proposals = study.proposals();
    QCOMPARE(proposals.size(), size_t(1));
    QCOMPARE(proposals[0].predictor, std::string("shape"));
    QCOMPARE(proposals[0].parametersJson, std::string(R"({"clip_mm":5})"));
    QCOMPARE(proposals[0].keySlices, (std::vector<int64_t>{2, 6}));
    QVERIFY(proposals[0].keyState.empty());
    QVERIFY(study.isStale(proposals[0]));  // its keys' state was not recorded then
    const Proposal p = study.loadProposal(1);
    QCOMPARE(p.labels.labelCounts(), (std::map<Label, uint64_t>{{3, 2}}));
    QCOMPARE(p.sliceConfidence, (std::vector<float>{0.5f, 0.6f, 1, 0.7f, 0.8f, 0.9f, 1, 0.25f}));
    const auto history = study.history();
    QCOMPARE(history.size(), size_t(2));
    QCOMPARE(history[1].author, std::string("fixture"));
    QCOMPARE(history[1].description, std::string("paint"));
    QCOMPARE(history[0].bricks, (std::vector<int64_t>{}));  // create wrote no slice (no labels)
    QCOMPARE(history[1].bricks, (std::vector<int64_t>{0}));
  };
  {
    auto reader = Study::open(dir.toStdString(), Study::Mode::ReadOnly);
    QCOMPARE(reader->schemaVersion(), 2);
    check(*reader);
    QCOMPARE(reader->loadImage().valueAt(11, 9, 7), double((11 + 12 * (9 + 10 * 7)) % 97 - 40));
  }
  {
    auto study = Study::open(dir.toStdString());
    QCOMPARE(study->schemaVersion(), 5);
    QCOMPARE(QString::fromStdString(study->openNotes().at(0)), QString("upgraded the study from schema version 2 to 5"));
    check(*study);
    study->editor().paint({int64_t(study->geometry().linearIndex(11, 9, 7))}, 3);
    QVERIFY(study->save("tester", "after upgrade") > 0);
    QCOMPARE(QString::fromStdString(study->integrityCheck()), QString("ok"));
  }
  auto again = Study::open(dir.toStdString(), Study::Mode::ReadOnly);
  QVERIFY(again->openNotes().empty());
  QCOMPARE(again->labels().labelCounts(), (std::map<Label, uint64_t>{{3, 85}, {7, 1}}));
}

void StudyMigrationTest::newerSchemaIsRefused() {
  QByteArray sql = fixture();
  sql.replace("PRAGMA user_version = 1;", "PRAGMA user_version = 9;");
  const std::string dir = studyFromScript("v9.study", sql);
  for (Study::Mode mode : {Study::Mode::ReadWrite, Study::Mode::ReadOnly}) {
    try {
      Study::open(dir, mode);
      QFAIL("a study of a newer schema opened");
    } catch (const StudyError& e) {
      QCOMPARE(QString(e.what()),
               QString::fromStdString("study " + dir +
                                      " was written by a newer Slicewise (schema version 9; this "
                                      "build reads up to 5)"));
    }
  }
}

QTEST_GUILESS_MAIN(StudyMigrationTest)
#include "StudyMigrationTest.moc"
