// `cohort queue` through the real queue, worker and trainer: studies with keys and no proposal
// are queued, a cohort model is queued for the finished studies, and once it is trained the next
// study's network starts warm from it (its job folder carries the weights, the trainer reports
// the tensors it copied). Tiny networks on small synthetic images: seconds.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "CliRunner.h"
#include "TestData.h"
#include "cohort/Cohort.h"
#include "io/ImageIO.h"
#include "study/Study.h"

using namespace slicewise;

class CohortQueueTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void queueTrainsAndWarmStartsFromTheCohortModel();
};

namespace {

// 24 x 20 x 12 int16, 1 mm: a bright box at i 6..17, j 5..14 shifted by `shift` pixels along i.
std::string writeImage(const QString& dir, const QString& name, int shift) {
  ImageGeometry g;
  g.size = {24, 20, 12};
  std::vector<int16_t> v(g.voxelCount(), 0);
  for (int64_t k = 0; k < 12; ++k)
    for (int64_t j = 5; j < 15; ++j)
      for (int64_t i = 6 + shift; i < 18 + shift; ++i) v[g.linearIndex(i, j, k)] = 100;
  const std::string path = (dir + "/" + name).toStdString();
  writeImage(Volume(g, std::move(v)), path);
  return path;
}

void drawKeys(const std::string& folder, std::initializer_list<int64_t> slices, int shift) {
  auto study = Study::open(folder);
  for (int64_t k : slices) {
    VoxelList voxels;
    for (int64_t j = 5; j < 15; ++j)
      for (int64_t i = 6 + shift; i < 18 + shift; ++i) voxels.push_back(int64_t(study->geometry().linearIndex(i, j, k)));
    study->editor().paint(voxels, 1);
    study->editor().setAnnotationState(SliceAxis::Axial, k, AnnotationState::Done);
  }
  study->save("r", "keys");
}

QJsonObject runJson(const QStringList& args) {
  const test::CliResult r = test::runCli(args);
  if (r.exitCode != 0) qFatal("slicewise-cli %s: %s", qPrintable(args.join(' ')), r.err.constData());
  return r.json().object();
}

}  // namespace

void CohortQueueTest::queueTrainsAndWarmStartsFromTheCohortModel() {
  const QString dir = test::scratchDir();
  const QString cohortDir = dir + "/cohort", queue = dir + "/queue/queue.sqlite";
  auto cohort = Cohort::create(cohortDir.toStdString());
  const std::string finished = cohort->addImage(writeImage(dir, "finished.nii.gz", 0));
  const std::string keyed = cohort->addImage(writeImage(dir, "keyed.nii.gz", 2));
  cohort->addImage(writeImage(dir, "fresh.nii.gz", 1));
  drawKeys(finished, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 0);  // every slice: done
  drawKeys(keyed, {1, 6, 10}, 2);

  const QStringList tiny{"--when", "now", "--iterations", "30", "--parameters", R"({"levels":2,"width":4,"batch":2})",
                         "--seed", "3", "--device", "cpu", "--queue", queue, "--json"};
  QJsonObject queued = runJson(QStringList{"cohort", "queue", cohortDir} + tiny);
  QJsonArray jobs = queued["queued"].toArray();
  QCOMPARE(jobs.size(), 1);  // only the study with keys and no proposal
  QCOMPARE(QDir(jobs[0].toObject()["study"].toString()).dirName(), QString("keyed"));
  QCOMPARE(jobs[0].toObject()["warm_start"].toBool(), false);  // no cohort model yet
  QVERIFY(queued["cohort_model_job"].isDouble());              // the finished study's model

  // Queued again at once: nothing new (the job and the model are on their way).
  QJsonObject again = runJson(QStringList{"cohort", "queue", cohortDir} + tiny);
  QCOMPARE(again["queued"].toArray().size(), 0);
  QVERIFY(again["cohort_model_job"].isNull());

  test::CliResult worker = test::runCli({"worker", "--once", "--queue", queue, "--device", "cpu"});
  QVERIFY2(worker.exitCode == 0, worker.err.constData());
  QJsonObject status = runJson({"cohort", "status", cohortDir, "--json"});
  QCOMPARE(status["studies"].toArray()[1].toObject()["stage"].toString(), QString("predicted"));

  // A new study with keys now starts warm from the trained cohort model.
  const std::string late = cohort->addImage(writeImage(dir, "late.nii.gz", 1));
  drawKeys(late, {2, 9}, 1);
  queued = runJson(QStringList{"cohort", "queue", cohortDir} + tiny);
  jobs = queued["queued"].toArray();
  QCOMPARE(jobs.size(), 1);
  QCOMPARE(QDir(jobs[0].toObject()["study"].toString()).dirName(), QString("late"));
  QCOMPARE(jobs[0].toObject()["warm_start"].toBool(), true);
  QVERIFY(queued["cohort_model_job"].isNull());  // the finished studies did not change
  QVERIFY(QFile::exists(cohortDir + "/models/cohort-model-1.pt"));

  const QJsonArray list = runJson({"queue", "list", "--queue", queue, "--json"})["jobs"].toArray();
  const QString folder = list.last().toObject()["folder"].toString();
  QFile description(folder + "/job.json");
  QVERIFY(description.open(QIODevice::ReadOnly));
  QCOMPARE(QJsonDocument::fromJson(description.readAll())["parameters"]["initial_weights"].toString(),
           QString("initial.pt"));
  QVERIFY(QFile::exists(folder + "/initial.pt"));

  worker = test::runCli({"worker", "--once", "--queue", queue, "--device", "cpu"});
  QVERIFY2(worker.exitCode == 0, worker.err.constData());
  QFile proposal(folder + "/proposal.json");
  QVERIFY(proposal.open(QIODevice::ReadOnly));
  QVERIFY(QJsonDocument::fromJson(proposal.readAll())["training"]["initial_tensors"].toInt() > 0);
  status = runJson({"cohort", "status", cohortDir, "--json"});
  QCOMPARE(status["studies"].toArray()[3].toObject()["stage"].toString(), QString("predicted"));
}

QTEST_GUILESS_MAIN(CohortQueueTest)
#include "CohortQueueTest.moc"
