#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <csignal>
#include <filesystem>

#include "QueueTestSupport.h"
#include "TestData.h"
#include "model/KeyStateHash.h"
#include "study/Study.h"

using namespace slicewise;
using namespace slicewise::test;

// The worker as it runs on a workstation: `slicewise-cli worker` processes running
// slicewise-train children on tiny jobs, killed with SIGKILL, cancelled, given a crashing
// trainer, several at once on one queue; and the study importing what they finished.
class QueueWorkerTest : public QObject {
  Q_OBJECT
  QString dir_;

  static QByteArray readAll(const QString& file) {
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }

 private Q_SLOTS:
  void initTestCase() { dir_ = scratchDir(); }

  void severalWorkersRunEachJobExactlyOnce() {
    const QString queue = dir_ + "/many/queue.sqlite";
    const QString study = makeDiscStudy(dir_, "many");
    std::vector<int64_t> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(addJob(queue, study, 6));
    std::vector<std::unique_ptr<QProcess>> workers;
    for (int w = 0; w < 3; ++w) workers.push_back(startWorker(queue, {"--once", "--threads", "1"}));
    for (auto& w : workers) {
      QVERIFY(w->waitForFinished(120000));
      QVERIFY2(w->exitCode() == 0, w->readAllStandardError().constData());
    }
    for (int64_t id : ids) {
      const QJsonObject j = jobById(queue, id);
      QCOMPARE(j["state"].toString(), QString("done"));
      QCOMPARE(j["attempts"].toInt(), 1);
      QCOMPARE(j["progress"].toDouble(), 1.0);
      QCOMPARE(j["result"].toObject()["slices_predicted"].toInt(), 8);  // 12 slices, 4 keys
      // One trainer run per job: its log has one attempt header.
      const QByteArray log = readAll(j["folder"].toString() + "/trainer.log");
      QCOMPARE(log.count("--- attempt "), 1);
    }
    // The study imports all five when it is next opened writable.
    const auto s = Study::open(study.toStdString());
    QCOMPARE(s->proposals().size(), size_t(5));
    for (const auto& q : s->queueJobs()) QCOMPARE(QString::fromStdString(q.state), QString("imported"));
  }

  void aKilledWorkerLeavesNoTrainerAndTheJobResumes() {
    const QString queue = dir_ + "/kill/queue.sqlite";
    const QString study = makeDiscStudy(dir_, "kill");
    const int64_t killed = addJob(queue, study, 200);
    auto worker = startWorker(queue, {"--threads", "1"});
    // Wait for a checkpoint (every 10 iterations) so that the resumed run has something to resume.
    QJsonObject j;
    QVERIFY(waitFor([&] {
      j = jobById(queue, killed);
      return j["state"] == "running" && j["iteration"].toInt() >= 20 && !j["runner_job_id"].toString().isEmpty();
    }, 60000));
    const qint64 trainer = j["runner_job_id"].toString().toLongLong();
    QVERIFY(!processEnded(trainer));
    ::kill(pid_t(worker->processId()), SIGKILL);
    QVERIFY(worker->waitForFinished(5000));
    // The parent-death signal takes the trainer along at once.
    QVERIFY2(waitFor([&] { return processEnded(trainer); }, 3000), "the trainer outlived its worker");
    QCOMPARE(jobById(queue, killed)["state"].toString(), QString("running"));  // until someone notices

    // A new worker sees that the old one is gone (same host, its process ended) and resumes.
    const CliResult r = runCli({"worker", "--once", "--queue", queue, "--threads", "1", "--heartbeat-seconds", "0.2"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("ended while running the job"), r.err.constData());
    j = jobById(queue, killed);
    QCOMPARE(j["state"].toString(), QString("done"));
    QCOMPARE(j["attempts"].toInt(), 2);
    const QByteArray trainerLog = readAll(j["folder"].toString() + "/trainer.log");
    QCOMPARE(trainerLog.count("--- attempt "), 2);
    const QJsonObject progress = QJsonDocument::fromJson(readAll(j["folder"].toString() + "/progress.json")).object();
    QVERIFY(progress["resumed_from_iteration"].toInt() >= 10);  // from the checkpoint, not from scratch

    // The same job run without interruption gives the same proposal, byte for byte (CPU, seed).
    const int64_t whole = addJob(queue, study, 200);
    const CliResult again = runCli({"worker", "--once", "--queue", queue, "--threads", "1"});
    QVERIFY2(again.exitCode == 0, again.err.constData());
    const QJsonObject w = jobById(queue, whole);
    QCOMPARE(w["state"].toString(), QString("done"));
    QCOMPARE(w["attempts"].toInt(), 1);
    const QByteArray a = readAll(j["folder"].toString() + "/proposal.raw");
    QCOMPARE(a.size(), 24 * 20 * 12 * 2);
    QVERIFY(a == readAll(w["folder"].toString() + "/proposal.raw"));
  }

  void anEditMadeWhileTheJobRanSurvivesTheImport() {
    const QString queue = dir_ + "/edit/queue.sqlite";
    const QString study = makeDiscStudy(dir_, "edit");
    const int64_t id = addJob(queue, study, 150);
    auto worker = startWorker(queue, {"--once", "--threads", "1"});
    QVERIFY(waitFor([&] { return jobById(queue, id)["state"] == "running"; }, 30000));
    // A person paints slice 6 (not a key) with label 5 from another label map, and saves.
    ImageGeometry g;
    g.size = {24, 20, 12};
    g.spacing = {1.5, 1.5, 3};
    LabelVolume paint(g);
    for (int64_t j = 2; j < 6; ++j)
      for (int64_t i = 2; i < 6; ++i) paint.set(i, j, 6, 5);
    const QString paintFile = dir_ + "/edit-paint.nii.gz";
    writeLabelMap(paint, paintFile.toStdString());
    const CliResult edit = runCli({"study", "annotate", study, "--from", paintFile, "--slices", "6"});
    QVERIFY2(edit.exitCode == 0, edit.err.constData());
    QVERIFY(worker->waitForFinished(60000));
    QCOMPARE(jobById(queue, id)["state"].toString(), QString("done"));

    // study info imports it (the study is closed), as a layer: the painted slice keeps its labels.
    const CliResult info = runCli({"study", "info", study, "--json"});
    QVERIFY2(info.exitCode == 0, info.err.constData());
    QVERIFY2(info.err.contains("stale: the keys changed while it trained"), info.err.constData());
    const QJsonArray proposals = info.json().object()["proposals"].toArray();
    QCOMPARE(proposals.size(), 1);
    QCOMPARE(proposals[0].toObject()["predictor"].toString(), QString("unet"));
    QVERIFY(proposals[0].toObject()["stale"].toBool());  // slice 6 became a key meanwhile
    QCOMPARE(info.json().object()["queue_jobs"].toArray()[0].toObject()["state"].toString(), QString("imported"));

    const auto s = Study::open(study.toStdString(), Study::Mode::ReadOnly);
    QCOMPARE(s->labels().at(3, 3, 6), Label(5));
    QCOMPARE(s->labels().at(9 + 3, 10, 6), Label(0));  // the disc is not in the person's slice 6
    QCOMPARE(s->provenance().at(s->geometry().linearIndex(9 + 3, 10, 6)), VoxelOrigin::Drawn);
    const Proposal p = s->loadProposal(proposals[0].toObject()["id"].toInteger());
    QCOMPARE(p.labels.at(3, 3, 6), Label(0));          // the network knows no label 5
    QCOMPARE(p.labels.at(9 + 3, 10, 6), Label(2));     // ... and found the disc there
    QVERIFY(p.keyState != keyStateHash(s->annotation(), SliceAxis::Axial));
    // Imported once: opening it again adds nothing.
    QCOMPARE(Study::open(study.toStdString())->proposals().size(), size_t(1));
  }

  void aCrashingTrainerEndsFailedWithItsLog() {
    const QString queue = dir_ + "/crash/queue.sqlite";
    const QString study = makeDiscStudy(dir_, "crash");
    const int64_t id = addJob(queue, study, 5);
    const QString fake = dir_ + "/crashing-trainer.sh";
    QFile f(fake);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("#!/bin/sh\necho \"loading $1\"\necho 'cannot allocate 12 GB for the network' >&2\nexit 3\n");
    f.close();
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    // Through the locator's variable, as an administrator would point a workstation at a trainer.
    QProcess worker;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("SLICEWISE_TRAINER", fake);
    worker.setProcessEnvironment(env);
    worker.start(cliPath(), {"worker", "--once", "--queue", queue});
    QVERIFY(worker.waitForFinished(30000));
    QCOMPARE(worker.exitCode(), 0);
    const QByteArray err = worker.readAllStandardError();
    QVERIFY2(err.contains("now queued") && err.contains("now failed"), err.constData());
    const QJsonObject j = jobById(queue, id);
    QCOMPARE(j["state"].toString(), QString("failed"));
    QCOMPARE(j["attempts"].toInt(), 2);
    const CliResult log = runCli({"queue", "log", QString::number(id), "--queue", queue});
    QVERIFY2(log.exitCode == 0, log.err.constData());
    QCOMPARE(log.out.count("the trainer ended with exit code 3"), 2);
    QCOMPARE(log.out.count("cannot allocate 12 GB for the network"), 2);
    QVERIFY(log.out.contains("attempt 2 on "));
    // The study keeps waiting for it (a retry may still finish it) and says nothing was imported.
    QCOMPARE(Study::open(study.toStdString())->proposals().size(), size_t(0));

    // Retried with the real trainer it finishes.
    CliResult r = runCli({"queue", "retry", QString::number(id), "--queue", queue});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = runCli({"worker", "--once", "--queue", queue, "--threads", "1"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(jobById(queue, id)["state"].toString(), QString("done"));
  }

  void aCorruptJobFolderFailsWithTheTrainersReason() {
    const QString queue = dir_ + "/corrupt/queue.sqlite";
    const QString study = makeDiscStudy(dir_, "corrupt");
    const int64_t id = addJob(queue, study, 5);
    const QString folder = jobById(queue, id)["folder"].toString();
    QFile raw(folder + "/image.raw");
    QVERIFY(raw.resize(100));  // a truncated copy
    const CliResult r = runCli({"worker", "--once", "--queue", queue});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(jobById(queue, id)["state"].toString(), QString("failed"));
    const CliResult log = runCli({"queue", "log", QString::number(id), "--queue", queue, "--json"});
    const QString text = log.json().object()["log"].toString();
    QVERIFY2(text.contains("image.raw"), qPrintable(text));
    QCOMPARE(text.count("failed: the trainer ended with exit code"), 2);
  }

  void cancellingARunningJobStopsItsTrainer() {
    const QString queue = dir_ + "/cancel/queue.sqlite";
    const QString study = makeDiscStudy(dir_, "cancel");
    const int64_t id = addJob(queue, study, 100000);
    auto worker = startWorker(queue, {"--once", "--threads", "1"});
    QJsonObject j;
    QVERIFY(waitFor([&] {
      j = jobById(queue, id);
      return j["state"] == "running" && !j["runner_job_id"].toString().isEmpty();
    }, 30000));
    const qint64 trainer = j["runner_job_id"].toString().toLongLong();
    const CliResult r = runCli({"queue", "cancel", QString::number(id), "--queue", queue});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("it was running"), r.out.constData());
    QVERIFY2(waitFor([&] { return processEnded(trainer); }, 10000), "the trainer kept running");
    QVERIFY(worker->waitForFinished(10000));
    QCOMPARE(worker->exitCode(), 0);
    QCOMPARE(jobById(queue, id)["state"].toString(), QString("cancelled"));
  }

  void commandLineErrors() {
    const QString queue = dir_ + "/errors/queue.sqlite";
    const QString study = makeDiscStudy(dir_, "errors");
    CliResult r = runCli({"queue", "add", study, "--predictor", "unet", "--axis", "coronal", "--queue", queue});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no key slices on the coronal axis"), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
    r = runCli({"queue", "add", study, "--predictor", "nearest", "--queue", queue});
    QCOMPARE(r.exitCode, 1);
    r = runCli({"queue", "add", study, "--predictor", "unet", "--when", "someday", "--queue", queue});
    QCOMPARE(r.exitCode, 2);
    r = runCli({"queue", "add", study, "--predictor", "unet", "--parameters", R"({"levles":3})", "--queue", queue});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("levles"), r.err.constData());
    r = runCli({"queue", "cancel", "7", "--queue", queue});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("the queue has no job 7"), r.err.constData());
    r = runCli({"queue", "retry", "x", "--queue", queue});
    QCOMPARE(r.exitCode, 2);
    r = runCli({"worker", "--until", "7pm", "--queue", queue});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("--until '7pm' is not HH:MM"), r.err.constData());
    r = runCli({"worker", "--window", "19-7", "--queue", queue});
    QCOMPARE(r.exitCode, 1);
    r = runCli({"queue", "list", "--queue", dir_ + "/none/queue.sqlite"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("no jobs in"));
    QVERIFY(!QFile::exists(dir_ + "/none/queue.sqlite"));  // listing creates nothing
  }

  void aNightJobWaitsAndTheListShowsIt() {
    const QString queue = dir_ + "/night/queue.sqlite";
    const QString study = makeDiscStudy(dir_, "night");
    const int64_t id = addJob(queue, study, 5, {"--when", "tonight", "--priority", "3"});
    // A window that is never open now: 1 minute ending at the current minute + 2 hours.
    const QTime later = QTime::currentTime().addSecs(7200);
    const QString window = later.toString("HH:mm") + "-" + later.addSecs(60).toString("HH:mm");
    const CliResult r = runCli({"worker", "--once", "--window", window, "--queue", queue});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("0 done"), r.out.constData());
    const QJsonObject j = jobById(queue, id);
    QCOMPARE(j["state"].toString(), QString("scheduled"));
    QCOMPARE(j["when"].toString(), QString("tonight"));
    QCOMPARE(j["priority"].toInt(), 3);
    const CliResult table = runCli({"queue", "list", "--queue", queue});
    QVERIFY2(table.out.contains("scheduled") && table.out.contains("tonight"), table.out.constData());
  }
};

QTEST_GUILESS_MAIN(QueueWorkerTest)
#include "QueueWorkerTest.moc"
