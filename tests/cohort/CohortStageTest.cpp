// A study's stage in a cohort through its whole life: new, annotating (n of k keys), queued,
// predicted, reviewing (n of m), done, exported, and back to done after a change. Small
// synthetic images; the counts are hand-computed from the slices marked.
#include <QTest>

#include "TestData.h"
#include "cohort/Cohort.h"
#include "cohort/CohortExporter.h"
#include "io/ImageIO.h"
#include "model/KeyStateHash.h"
#include "queue/QueueDatabase.h"
#include "study/Study.h"
#include "study/StudyJobSubmitter.h"

using namespace slicewise;

class CohortStageTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void stagesFollowAWholeLifeCycle();
  void fullyDrawnStudyIsDone();
};

namespace {

// 24 x 20 x 12 int16, 1 mm: a bright box (value 100) at i 6..17, j 5..14 in every slice.
std::string writeImage(const QString& dir, const QString& name) {
  ImageGeometry g;
  g.size = {24, 20, 12};
  std::vector<int16_t> v(g.voxelCount(), 0);
  for (int64_t k = 0; k < 12; ++k)
    for (int64_t j = 5; j < 15; ++j)
      for (int64_t i = 6; i < 18; ++i) v[g.linearIndex(i, j, k)] = 100;
  const std::string path = (dir + "/" + name).toStdString();
  writeImage(Volume(g, std::move(v)), path);
  return path;
}

// Draws the box as label 1 on axial slice k and marks it done.
void drawKey(Study& study, int64_t k) {
  VoxelList voxels;
  for (int64_t j = 5; j < 15; ++j)
    for (int64_t i = 6; i < 18; ++i) voxels.push_back(study.geometry().linearIndex(i, j, k));
  study.editor().paint(voxels, 1);
  study.editor().setAnnotationState(SliceAxis::Axial, k, AnnotationState::Done);
}

// A proposal of the box on every axial slice, made from the study's current keys.
Proposal boxProposal(const Study& study) {
  Proposal p;
  p.predictor = "unet";
  p.axis = SliceAxis::Axial;
  p.labels = LabelVolume(study.geometry());
  for (int64_t k = 0; k < 12; ++k)
    for (int64_t j = 5; j < 15; ++j)
      for (int64_t i = 6; i < 18; ++i) p.labels.data()[study.geometry().linearIndex(i, j, k)] = 1;
  p.sliceConfidence.assign(12, 0.9f);
  p.keySlices = study.marks().keySlices(SliceAxis::Axial);
  p.keyState = keyStateHash(study.annotation(), SliceAxis::Axial);
  return p;
}

CohortStudyStatus only(Cohort& cohort) {
  const auto s = cohort.status();
  if (s.size() != 1) qFatal("expected one study, got %zu", s.size());
  if (!s[0].error.empty()) qFatal("%s", s[0].error.c_str());
  return s[0];
}

}  // namespace

void CohortStageTest::stagesFollowAWholeLifeCycle() {
  const QString dir = test::scratchDir();
  LabelTable labels;
  labels.set({1, "liver", {220, 80, 60}});
  auto cohort = Cohort::create((dir + "/cohort").toStdString(), labels);
  const std::string folder = cohort->addImage(writeImage(dir, "box.nii.gz"));
  QCOMPARE(folder, (dir + "/cohort/studies/box").toStdString());
  QCOMPARE(only(*cohort).progress.stage, StudyStage::New);

  {
    auto study = Study::open(folder);
    QCOMPARE(study->labelTable().find(1)->name, std::string("liver"));  // the cohort's table
    study->editor().setWorklist(SliceAxis::Axial, {1, 6, 10});
    drawKey(*study, 1);
    study->save("r", "first key");
  }
  CohortStudyStatus s = only(*cohort);
  QCOMPARE(s.progress.stage, StudyStage::Annotating);
  QCOMPARE(s.progress.describe(), std::string("1 of 3 keys"));

  QueueDatabase queue((dir + "/queue/queue.sqlite").toStdString());
  {
    auto study = Study::open(folder);
    drawKey(*study, 6);
    drawKey(*study, 10);
    study->save("r", "keys");
    QCOMPARE(only(*cohort).progress.describe(), std::string("3 of 3 keys"));
    StudyJobRequest request;
    request.parameters.iterations = 10;
    StudyJobSubmitter::submit(*study, queue, request);
  }
  QCOMPARE(only(*cohort).progress.stage, StudyStage::Queued);

  int64_t proposalId = 0;
  Proposal proposal;
  {
    auto study = Study::open(folder);
    proposal = boxProposal(*study);
    proposalId = study->addProposal(proposal);
  }
  s = only(*cohort);
  QCOMPARE(s.progress.stage, StudyStage::Predicted);
  QCOMPARE(s.progress.toReview, 9);  // 12 slices, 3 of them keys
  QCOMPARE(s.progress.proposalId, proposalId);

  {
    auto study = Study::open(folder);
    study->editor().acceptSlices(proposal, proposalId, {0, 2, 3, 4});
    study->editor().reject(SliceAxis::Axial, 5);
    study->save("r", "review");
  }
  s = only(*cohort);
  QCOMPARE(s.progress.stage, StudyStage::Reviewing);
  QCOMPARE(s.progress.describe(), std::string("4 of 9 reviewed"));
  QCOMPARE(s.progress.rejected, 1);

  {
    auto study = Study::open(folder);
    study->editor().acceptSlices(proposal, proposalId, {7, 8, 9, 11});
    drawKey(*study, 5);  // the rejected slice, redrawn and marked corrected
    study->editor().markCorrected(SliceAxis::Axial, 5);
    study->save("r", "review done");
  }
  s = only(*cohort);
  QCOMPARE(s.progress.stage, StudyStage::Done);
  QCOMPARE(s.progress.accepted, 8);
  QCOMPARE(s.progress.corrected, 1);
  QCOMPARE(s.progress.drawn, 4);  // keys 1, 6, 10 and the redrawn 5
  QCOMPARE(s.progress.effortSlices(), 5);

  const CohortExportReport report = CohortExporter::exportFinished(*cohort, (dir + "/export").toStdString());
  QCOMPARE(report.exported, 1);
  QCOMPARE(only(*cohort).progress.stage, StudyStage::Exported);
  {
    auto study = Study::open(folder);
    study->editor().paint(VoxelList{0}, 1);
    study->save("r", "a change after export");
  }
  QCOMPARE(only(*cohort).progress.stage, StudyStage::Done);
}

void CohortStageTest::fullyDrawnStudyIsDone() {
  const QString dir = test::scratchDir();
  auto cohort = Cohort::create((dir + "/cohort").toStdString());
  const std::string folder = cohort->addImage(writeImage(dir, "all.nii.gz"));
  {
    auto study = Study::open(folder);
    for (int64_t k = 0; k < 12; ++k) drawKey(*study, k);
    study->save("r", "every slice");
  }
  QCOMPARE(only(*cohort).progress.stage, StudyStage::Done);
}

QTEST_GUILESS_MAIN(CohortStageTest)
#include "CohortStageTest.moc"
