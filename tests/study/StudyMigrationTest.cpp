// A study written by schema version 1 (fixtures/study-v1.sql) opens in this build: migrated in
// place, every label, mark and history entry kept, and writable afterwards.
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

QByteArray fixture() {
  QFile f(QString(STUDY_FIXTURE_DIR) + "/study-v1.sql");
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

void StudyMigrationTest::versionOneStudyIsMigrated() {
  const QByteArray sql = fixture();
  QVERIFY(!sql.isEmpty());
  const std::string dir = studyFromScript("v1.study", sql);

  // Reading never writes, so it cannot upgrade.
  try {
    Study::open(dir, Study::Mode::ReadOnly);
    QFAIL("a version 1 study opened read-only without an upgrade");
  } catch (const StudyError& e) {
    QCOMPARE(QString(e.what()), QString::fromStdString("study " + dir +
                                                       " has schema version 1; open it read-write once to upgrade it"));
  }

  {
    auto study = Study::open(dir);
    QCOMPARE(study->schemaVersion(), 2);
    QCOMPARE(study->openNotes().size(), size_t(1));
    QCOMPARE(QString::fromStdString(study->openNotes()[0]),
             QString("upgraded the study from schema version 1 to 2"));
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
    QCOMPARE(history[0].slices, (std::vector<int64_t>{0, 1}));

    // The image is elsewhere: a clear message, not a crash.
    try {
      study->loadImage();
      QFAIL("loadImage found an image that does not exist");
    } catch (const StudyError& e) {
      QVERIFY2(QString(e.what()).endsWith("is missing: /nonexistent/v1-image.nii.gz"), e.what());
    }

    // Version 2 features work on the migrated study.
    study->labels().set(0, 2, 0, 2);
    study->markSliceChanged(SliceAxis::Axial, 0);
    LabelInfo info = *study->labelTable().find(2);
    info.locked = true;
    study->labelTable().set(info);
    QVERIFY(study->save("tester", "after upgrade") > 0);
    Proposal p;
    p.predictor = "nearest";
    p.labels = LabelVolume(g);
    p.sliceConfidence = {1.0f, 0.5f};
    QCOMPARE(study->addProposal(p), int64_t(1));
    QCOMPARE(QString::fromStdString(study->integrityCheck()), QString("ok"));
  }
  auto again = Study::open(dir, Study::Mode::ReadOnly);
  QVERIFY(again->openNotes().empty());
  QCOMPARE(int(again->labels().at(0, 2, 0)), 2);
  QVERIFY(again->labelTable().find(2)->locked);
  QCOMPARE(again->proposals().size(), size_t(1));
  QCOMPARE(again->historyLength(), int64_t(2));
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
                                      "build reads up to 2)"));
    }
  }
}

QTEST_GUILESS_MAIN(StudyMigrationTest)
#include "StudyMigrationTest.moc"
