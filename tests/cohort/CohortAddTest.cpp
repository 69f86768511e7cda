// Adding to a cohort: one study per DICOM series, a conflicting label table flagged, a killed
// `cohort add` leaves whole studies or none, and export writes label maps, DICOM SEG and the
// manifest. Synthetic DICOM series written with DCMTK.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTest>
#include <filesystem>
#include <unistd.h>

#include "CliRunner.h"
#include "SyntheticDicom.h"
#include "TestData.h"
#include "cohort/Cohort.h"
#include "cohort/CohortError.h"
#include "cohort/CohortExporter.h"
#include "files/LeftoverFiles.h"
#include "io/ImageIO.h"
#include "study/Study.h"

using namespace slicewise;
namespace fs = std::filesystem;

class CohortAddTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void dicomFolderAddsOneStudyPerSeries();
  void conflictingLabelTableIsFlagged();
  void openRemovesLeftoversAndTakesInWholeStudies();
  void killedAddLeavesNoHalfMadeStudy();
  void exportWritesLabelsSegAndManifest();
  void badInputsSayWhy();
};

namespace {

// Three series of 4 slices each (32 x 32, 2 mm apart) in one folder, series numbers 1..3.
std::string writeThreeSeries(const QString& dir) {
  const std::string folder = (dir + "/dicom").toStdString();
  for (int n = 0; n < 3; ++n) {
    test::SyntheticSeries spec;
    spec.positions = test::stackPositions(4, 2.0);
    test::writeSyntheticSeries(folder + "/s" + std::to_string(n), spec);
  }
  return folder;
}

LabelTable table(std::initializer_list<std::pair<Label, const char*>> entries) {
  LabelTable t;
  for (const auto& [id, name] : entries) t.set({id, name, LabelTable::defaultColor(id)});
  return t;
}

std::string writeSmallImage(const QString& dir, const QString& name) {
  ImageGeometry g;
  g.size = {8, 8, 4};
  const std::string path = (dir + "/" + name).toStdString();
  writeImage(Volume(g, std::vector<int16_t>(g.voxelCount(), 7)), path);
  return path;
}

}  // namespace

void CohortAddTest::dicomFolderAddsOneStudyPerSeries() {
  const QString dir = test::scratchDir();
  const std::string dicom = writeThreeSeries(dir);
  auto cohort = Cohort::create((dir + "/cohort").toStdString());
  std::vector<std::string> notes;
  const auto added = cohort->addDicom(dicom, &notes);
  QCOMPARE(added.size(), size_t(3));
  for (const std::string& folder : added) {
    const auto study = Study::open(folder, Study::Mode::ReadOnly);
    QCOMPARE(study->geometry().size, (Index3{32, 32, 4}));
    QVERIFY(study->dicomIdentity().has_value());
  }
  QCOMPARE(cohort->index().studies().size(), size_t(3));
  QVERIFY_THROWS_EXCEPTION(CohortError, cohort->addStudy(added[0]));  // in already, by its path inside
  // Adding the folder again adds nothing: each series is in already.
  notes.clear();
  QVERIFY(cohort->addDicom(dicom, &notes).empty());
  QCOMPARE(notes.size(), size_t(3));
}

void CohortAddTest::conflictingLabelTableIsFlagged() {
  const QString dir = test::scratchDir();
  auto cohort = Cohort::create((dir + "/cohort").toStdString(), table({{1, "liver"}, {2, "spleen"}}));
  const auto makeStudy = [&](const char* name, const LabelTable& labels) {
    StudyCreateOptions options;
    options.labelTable = labels;
    const std::string folder = (dir + "/" + name).toStdString();
    Study::create(folder, writeSmallImage(dir, QString(name) + ".nii.gz"), options);
    return cohort->addStudy(folder);
  };
  makeStudy("swapped", table({{1, "Spleen"}}));
  makeStudy("moved", table({{3, " LIVER"}}));
  makeStudy("extra", table({{1, "liver"}, {4, "kidney"}}));
  const auto status = cohort->status();
  QCOMPARE(status.size(), size_t(3));
  QCOMPARE(status[0].labelConflicts, std::vector<std::string>{"label 1 is 'Spleen' here, 'liver' in the cohort"});
  QCOMPARE(status[1].labelConflicts, std::vector<std::string>{"' LIVER' is label 3 here, label 1 in the cohort"});
  QVERIFY(status[2].labelConflicts.empty());
  // The agreeing study's new label joined the cohort's table; the conflicting ones added nothing.
  const LabelTable merged = cohort->labelTable();
  QCOMPARE(merged.ids(), (std::vector<Label>{1, 2, 4}));
  QCOMPARE(merged.find(4)->name, std::string("kidney"));
  QCOMPARE(Cohort::totals(status).flagged, 2);
}

void CohortAddTest::openRemovesLeftoversAndTakesInWholeStudies() {
  const QString dir = test::scratchDir();
  const std::string root = (dir + "/cohort").toStdString();
  Cohort::create(root);
  // What a kill leaves: a staging folder of a process that ended (a PID above the kernel's
  // maximum never runs) and a whole study renamed into studies/ before its index row was written.
  char host[256] = {};
  ::gethostname(host, sizeof(host) - 1);
  const fs::path leftover = fs::path(root) / (".slicewise-partial-4194999-0-" + std::string(host));
  fs::create_directories(leftover / "study");
  QFile(QString::fromStdString((leftover / "study" / "half.sqlite").string())).open(QIODevice::WriteOnly);
  Study::create(root + "/studies/orphan", writeSmallImage(dir, "orphan.nii.gz"));
  QFile origin(QString::fromStdString(root + "/studies/orphan/cohort-origin.txt"));
  QVERIFY(origin.open(QIODevice::WriteOnly));
  origin.write("/data/dicom/patient7\n1.2.826.0.1.3680043.2.1125.7\n");
  origin.close();

  auto cohort = Cohort::open(root);
  QVERIFY(!fs::exists(leftover));
  QCOMPARE(cohort->openNotes().size(), size_t(2));
  const auto studies = cohort->index().studies();
  QCOMPARE(studies.size(), size_t(1));
  QCOMPARE(studies[0].path, std::string("studies/orphan"));
  QCOMPARE(studies[0].source, std::string("/data/dicom/patient7"));  // for its DICOM SEG export
  QCOMPARE(studies[0].seriesUid, std::string("1.2.826.0.1.3680043.2.1125.7"));
}

void CohortAddTest::killedAddLeavesNoHalfMadeStudy() {
  const QString dir = test::scratchDir();
  test::SyntheticSeries spec;
  spec.rows = spec.columns = 256;
  for (int n = 0; n < 6; ++n) {
    spec.positions = test::stackPositions(24, 1.0);
    test::writeSyntheticSeries((dir + "/dicom/s" + QString::number(n)).toStdString(), spec);
  }
  // How long a whole add takes here, so that the kills below land inside it on any machine.
  QElapsedTimer clock;
  clock.start();
  Cohort::create((dir + "/timing").toStdString());
  QCOMPARE(test::runCli({"cohort", "add", dir + "/timing", dir + "/dicom"}).exitCode, 0);
  const qint64 wholeMs = clock.elapsed();
  // Kills at different moments of the add; whatever it had done, every study the cohort has is
  // whole (opens, its image reads back) and nothing is half there.
  for (double fraction : {0.1, 0.3, 0.5, 0.7, 0.9}) {
    const int delayMs = int(fraction * double(wholeMs));
    const QString root = dir + "/cohort" + QString::number(delayMs);
    Cohort::create(root.toStdString());
    QProcess add;
    add.start(test::cliPath(), {"cohort", "add", root, dir + "/dicom"});
    QVERIFY(add.waitForStarted());
    QTest::qWait(delayMs);
    add.kill();
    add.waitForFinished();
    auto cohort = Cohort::open(root.toStdString());
    for (const auto& entry : cohort->index().studies()) {
      const auto study = Study::open(cohort->absolutePath(entry), Study::Mode::ReadOnly);
      QCOMPARE(study->loadImage().geometry().size, (Index3{256, 256, 24}));
    }
    int folders = 0;
    for (const auto& item : fs::directory_iterator(root.toStdString())) {
      const std::string name = item.path().filename().string();
      QVERIFY2(name == "studies" || name.starts_with("cohort.sqlite"), name.c_str());
    }
    for ([[maybe_unused]] const auto& item : fs::directory_iterator(root.toStdString() + "/studies")) ++folders;
    QCOMPARE(size_t(folders), cohort->index().studies().size());
    qInfo("killed after %d of %lld ms: %d of 6 studies whole, %zu note(s) on open", delayMs, wholeMs, folders,
          cohort->openNotes().size());
    // The add can be run again and completes the cohort.
    QCOMPARE(test::runCli({"cohort", "add", root, dir + "/dicom"}).exitCode, 0);
    QCOMPARE(Cohort::open(root.toStdString())->index().studies().size(), size_t(6));
  }
}

void CohortAddTest::exportWritesLabelsSegAndManifest() {
  const QString dir = test::scratchDir();
  test::SyntheticSeries spec;
  spec.positions = test::stackPositions(4, 2.0);
  test::writeSyntheticSeries((dir + "/dicom/a").toStdString(), spec);
  auto cohort = Cohort::create((dir + "/cohort").toStdString(), table({{1, "liver"}}));
  const std::string folder = cohort->addDicom((dir + "/dicom").toStdString()).at(0);
  cohort->addImage(writeSmallImage(dir, "unfinished.nii.gz"));
  {
    auto study = Study::open(folder);
    for (int64_t k = 0; k < 4; ++k) {  // every slice drawn by hand: a 4 x 4 square of liver
      VoxelList square;
      for (int64_t j = 10; j < 14; ++j)
        for (int64_t i = 10; i < 14; ++i) square.push_back(study->geometry().linearIndex(i, j, k));
      study->editor().paint(square, 1);
      study->editor().setAnnotationState(SliceAxis::Axial, k, AnnotationState::Done);
    }
    study->save("r", "drawn");
  }
  const std::string out = (dir + "/export").toStdString();
  const CohortExportReport report = CohortExporter::exportFinished(*cohort, out);
  QCOMPARE(report.exported, 1);
  const std::string name = fs::path(folder).filename().string();
  QVERIFY(fs::is_regular_file(out + "/" + name + "/labels.nii.gz"));
  QVERIFY(fs::is_regular_file(out + "/" + name + "/labels.labels.json") ||
          fs::is_regular_file(out + "/" + name + "/labels.nii.gz.labels.json"));
  QVERIFY(fs::file_size(out + "/" + name + "/segmentation.dcm") > 1000);
  QCOMPARE(readLabelMap(out + "/" + name + "/labels.nii.gz").labelCounts().at(1), uint64_t(64));
  QFile manifest(QString::fromStdString(out + "/manifest.csv"));
  QVERIFY(manifest.open(QIODevice::ReadOnly));
  const QStringList lines = QString::fromUtf8(manifest.readAll()).split('\n', Qt::SkipEmptyParts);
  QCOMPARE(lines.size(), 3);
  QCOMPARE(lines[0], QString("study,stage,labels,dicom_seg,keys_drawn,accepted,corrected,rejected,review_seconds,note"));
  QCOMPARE(lines[1], QString::fromStdString(name + ",done," + name + "/labels.nii.gz," + name +
                                            "/segmentation.dcm,4,0,0,0,0,"));
  QCOMPARE(lines[2], QString("unfinished,new,,,0,0,0,0,0,not finished"));
  // A second export into the same folder is refused: outputs never replace anything.
  QVERIFY_THROWS_EXCEPTION(CohortError, CohortExporter::exportFinished(*cohort, out));
}

void CohortAddTest::badInputsSayWhy() {
  const QString dir = test::scratchDir();
  QVERIFY_THROWS_EXCEPTION(CohortError, Cohort::open(dir.toStdString()));
  const test::CliResult r = test::runCli({"cohort", "status", dir});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.contains("is not a cohort"), r.err.constData());
  QCOMPARE(r.err.count('\n'), 1);
  auto cohort = Cohort::create((dir + "/c").toStdString());
  QVERIFY_THROWS_EXCEPTION(CohortError, cohort->addDicom(dir.toStdString() + "/c/studies"));
  QVERIFY_THROWS_EXCEPTION(CohortError, Cohort::create((dir + "/c").toStdString()));
}

QTEST_GUILESS_MAIN(CohortAddTest)
#include "CohortAddTest.moc"
