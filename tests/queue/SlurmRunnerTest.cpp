#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <csignal>
#include <map>
#include <set>

#include "QueueTestSupport.h"
#include "SlurmCluster.h"
#include "TestData.h"
#include "study/Study.h"

using namespace slicewise;
using namespace slicewise::test;

// The queue on a real single-node Slurm cluster started by the test: the whole loop from the
// study to the imported proposal with `worker --runner slurm` (one job alone, then several as
// one job array), `queue cancel` of a running Slurm job, and a node lost mid-job.
class SlurmRunnerTest : public QObject {
  Q_OBJECT
  QString dir_;
  std::unique_ptr<SlurmCluster> cluster_;

  static QByteArray readAll(const QString& file) {
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }

  QStringList slurmWorker(const QString& queue, const QString& jobsRoot) const {
    return {"worker", "--runner", "slurm", "--queue", queue, "--jobs-root", jobsRoot, "--trainer",
            SLICEWISE_TRAINER_PATH, "--threads", "1", "--heartbeat-seconds", "0.2", "--poll-seconds", "0.2"};
  }

  // A Slurm worker in its own process, started (nullptr when it could not start).
  std::unique_ptr<QProcess> startSlurmWorker(const QString& queue, const QString& jobsRoot,
                                             const QStringList& more = {}) const {
    auto worker = std::make_unique<QProcess>();
    worker->setProgram(cliPath());
    worker->setArguments(slurmWorker(queue, jobsRoot) + more);
    worker->start();
    return worker->waitForStarted() ? std::move(worker) : nullptr;
  }

  QString makeJobsRoot(const QString& name) const {
    const QString root = dir_ + "/" + name + "-shared";
    QDir().mkpath(root);
    return root;
  }

  // Every process of one Slurm job (its slurmstepd and what it started), as a lost node loses
  // them.
  static void killJobProcesses(const QString& slurmJobId) {
    std::map<qint64, qint64> parent;
    std::set<qint64> roots;
    for (const QString& entry : QDir("/proc").entryList(QDir::Dirs)) {
      bool ok = false;
      const qint64 pid = entry.toLongLong(&ok);
      if (!ok) continue;
      const QByteArray stat = readAll("/proc/" + entry + "/stat");
      const int close = stat.lastIndexOf(')');
      if (close < 0) continue;
      const QList<QByteArray> rest = stat.mid(close + 2).split(' ');
      if (rest.size() > 1) parent[pid] = rest[1].toLongLong();
      const QByteArray cmd = readAll("/proc/" + entry + "/cmdline");
      if (cmd.startsWith("slurmstepd: [" + slurmJobId.toLatin1() + ".")) roots.insert(pid);
    }
    std::set<qint64> doomed = roots;
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& [pid, ppid] : parent)
        if (doomed.count(ppid) && doomed.insert(pid).second) grew = true;
    }
    for (qint64 pid : doomed) ::kill(pid_t(pid), SIGKILL);
  }

  // The node goes while `slurmJobId` runs (slurmd, the job's step daemon, its script and
  // trainer, all at once) and comes back a second later.
  void loseTheNode(const QString& slurmJobId) {
    cluster_->killSlurmd();
    killJobProcesses(numericJobId(slurmJobId));
    QTest::qWait(1000);
    QString why;
    QVERIFY2(cluster_->startSlurmd(&why), qPrintable(why));
  }

  // scontrol's numeric job ID of a runner job ID ("12" or "11_0" -> the task's own ID).
  static QString numericJobId(const QString& runnerJobId) {
    if (!runnerJobId.contains('_')) return runnerJobId;
    QProcess p;
    p.start("scontrol", {"-o", "show", "job", runnerJobId});
    p.waitForFinished(10000);
    const QRegularExpression re("(?:^|\\s)JobId=(\\d+)");
    return re.match(QString::fromLatin1(p.readAllStandardOutput())).captured(1);
  }

 private Q_SLOTS:
  void initTestCase() {
    SLICEWISE_REQUIRE_SLURM();
    dir_ = scratchDir();
    cluster_ = std::make_unique<SlurmCluster>();
    QString why;
    QVERIFY2(cluster_->start(&why), qPrintable(why));
  }

  void cleanupTestCase() { cluster_.reset(); }

  void theWholeLoopRunsThroughSlurm() {
    const QString queue = dir_ + "/loop/queue.sqlite";
    const QString root = makeJobsRoot("loop");
    const QString study = makeDiscStudy(dir_, "loop");
    const int64_t alone = addJob(queue, study, 20);
    CliResult r = runCli(slurmWorker(queue, root) + QStringList{"--once", "--json"}, 120000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json().object()["done"].toInt(), 1);
    QJsonObject j = jobById(queue, alone);
    QCOMPARE(j["state"].toString(), QString("done"));
    QCOMPARE(j["runner"].toString(), QString("slurm"));
    QVERIFY2(QRegularExpression("^\\d+$").match(j["runner_job_id"].toString()).hasMatch(),
             qPrintable(j["runner_job_id"].toString()));
    QCOMPARE(j["runner_state"].toString(), QString("COMPLETED"));
    QCOMPARE(j["attempts"].toInt(), 1);
    // The folder moved to the shared root; the trainer ran there under Slurm.
    QCOMPARE(QFileInfo(j["folder"].toString()).absolutePath(), root);
    const QString id = j["runner_job_id"].toString();
    QVERIFY(QFile::exists(j["folder"].toString() + "/slurm-job.sh"));
    QCOMPARE(readAll(j["folder"].toString() + "/slurm-" + id + ".exit").trimmed(), QByteArray("0"));
    QVERIFY(readAll(j["folder"].toString() + "/trainer.log").contains("--- Slurm job " + id.toLatin1()));

    // Three due at once go as one job array, tasks ARRAYID_0.._2.
    std::vector<int64_t> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(addJob(queue, study, 20));
    r = runCli(slurmWorker(queue, root) + QStringList{"--once", "--json"}, 120000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json().object()["done"].toInt(), 3);
    QString arrayId;
    for (size_t i = 0; i < ids.size(); ++i) {
      j = jobById(queue, ids[i]);
      QCOMPARE(j["state"].toString(), QString("done"));
      const QStringList parts = j["runner_job_id"].toString().split('_');
      QCOMPARE(parts.size(), 2);
      if (i == 0) arrayId = parts[0];
      QCOMPARE(parts[0], arrayId);
      QCOMPARE(parts[1], QString::number(i));
      QCOMPARE(j["result"].toObject()["slices_predicted"].toInt(), 8);
    }
    QVERIFY(arrayId != id);

    // The study imports all four proposals from the shared folders.
    const CliResult info = runCli({"study", "info", study, "--json"});
    QVERIFY2(info.exitCode == 0, info.err.constData());
    QCOMPARE(info.json().object()["proposals"].toArray().size(), 4);
    for (const auto& q : info.json().object()["queue_jobs"].toArray())
      QCOMPARE(q.toObject()["state"].toString(), QString("imported"));
  }

  void cancellingARunningJobCancelsItInSlurm() {
    const QString queue = dir_ + "/cancel/queue.sqlite";
    const QString root = makeJobsRoot("cancel");
    const QString study = makeDiscStudy(dir_, "cancel");
    const int64_t id = addJob(queue, study, 1000000);
    auto worker = startSlurmWorker(queue, root, QStringList{"--once"});
    QVERIFY(worker);
    QJsonObject j;
    QVERIFY(waitFor([&] {
      j = jobById(queue, id);
      return j["runner_state"] == "RUNNING" && j["iteration"].toInt() > 0;
    }, 30000));
    const QString slurmId = j["runner_job_id"].toString();
    const CliResult c = runCli({"queue", "cancel", QString::number(id), "--queue", queue});
    QVERIFY2(c.exitCode == 0, c.err.constData());
    QVERIFY2(c.out.contains("Slurm job " + slurmId.toLatin1() + " cancelled with scancel"), c.out.constData());
    QVERIFY(worker->waitForFinished(30000));
    QCOMPARE(worker->exitCode(), 0);
    const QByteArray err = worker->readAllStandardError();
    QVERIFY2(err.contains("cancelled"), err.constData());
    QCOMPARE(jobById(queue, id)["state"].toString(), QString("cancelled"));
    // Slurm has ended it: CANCELLED, and no trainer of it is left.
    QProcess s;
    s.start("squeue", {"--me", "--noheader", "--states=all", "--format=%i|%T"});
    s.waitForFinished(10000);
    const QByteArray listed = s.readAllStandardOutput();
    QVERIFY2(listed.contains(slurmId.toLatin1() + "|CANCELLED"), listed.constData());
    QVERIFY(waitFor([&] {
      QProcess p;
      p.start("pgrep", {"-f", "slicewise-train " + j["folder"].toString()});
      p.waitForFinished(5000);
      return p.readAllStandardOutput().trimmed().isEmpty();
    }, 15000));
  }

  void aRestartedWorkerFollowsTheSlurmJobAgain() {
    const QString queue = dir_ + "/adopt/queue.sqlite";
    const QString root = makeJobsRoot("adopt");
    const QString study = makeDiscStudy(dir_, "adopt");
    const int64_t id = addJob(queue, study, 1500);
    auto worker = startSlurmWorker(queue, root);
    QVERIFY(worker);
    QJsonObject j;
    QVERIFY(waitFor([&] {
      j = jobById(queue, id);
      return j["runner_state"] == "RUNNING" && j["iteration"].toInt() > 0;
    }, 30000));
    const QString slurmId = j["runner_job_id"].toString();
    // The worker stops (a logout, an update): its Slurm job goes on.
    ::kill(pid_t(worker->processId()), SIGTERM);
    QVERIFY(worker->waitForFinished(10000));
    const QByteArray stopped = worker->readAllStandardError();
    QVERIFY2(stopped.contains(("left running as slurm job " + slurmId).toLatin1()), stopped.constData());
    QCOMPARE(worker->readAllStandardOutput().contains("1 left running in slurm"), true);
    QCOMPARE(jobById(queue, id)["state"].toString(), QString("running"));
    // The next worker finds the first gone and follows the same Slurm job to its end.
    const CliResult r = runCli(slurmWorker(queue, root) + QStringList{"--once"}, 120000);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains(("following its slurm job " + slurmId).toLatin1()), r.err.constData());
    j = jobById(queue, id);
    QCOMPARE(j["state"].toString(), QString("done"));
    QCOMPARE(j["attempts"].toInt(), 1);
    QCOMPARE(j["runner_job_id"].toString(), slurmId);
    QVERIFY(!r.err.contains("starting (attempt"));
  }

  void aJobLostWithItsNodeResumesFromItsCheckpoint() {
    const QString queue = dir_ + "/lost/queue.sqlite";
    const QString root = makeJobsRoot("lost");
    const QString study = makeDiscStudy(dir_, "lost");
    const int64_t id = addJob(queue, study, 400);
    auto worker =
        startSlurmWorker(queue, root, QStringList{"--once", "--alive-seconds", "1", "--lost-after-seconds", "4"});
    QVERIFY(worker);
    // Past a checkpoint (every 10 iterations): the next attempt has something to resume.
    QJsonObject j;
    QVERIFY(waitFor([&] {
      j = jobById(queue, id);
      return j["runner_state"] == "RUNNING" && j["iteration"].toInt() >= 20;
    }, 45000));
    const QString lost = j["runner_job_id"].toString();
    loseTheNode(lost);
    QVERIFY(worker->waitForFinished(90000));
    const QByteArray err = worker->readAllStandardError();
    QVERIFY2(worker->exitCode() == 0, err.constData());
    j = jobById(queue, id);
    QVERIFY2(j["state"] == "done", err.constData());
    QCOMPARE(j["attempts"].toInt(), 2);
    QVERIFY(j["runner_job_id"].toString() != lost);
    QVERIFY2(err.contains(("Slurm job " + lost + " was lost: no sign of life").toLatin1()), err.constData());
    QVERIFY2(err.contains("the next attempt resumes from its checkpoint"), err.constData());
    const QJsonObject progress =
        QJsonDocument::fromJson(readAll(j["folder"].toString() + "/progress.json")).object();
    QVERIFY(progress["resumed_from_iteration"].toInt() >= 10);
    const CliResult log = runCli({"queue", "log", QString::number(id), "--queue", queue});
    QVERIFY2(log.out.contains("was lost"), log.out.constData());
  }

  void aJobLostTwiceFailsWithItsLog() {
    const QString queue = dir_ + "/twice/queue.sqlite";
    const QString root = makeJobsRoot("twice");
    const QString study = makeDiscStudy(dir_, "twice");
    const int64_t id = addJob(queue, study, 1000000);
    auto worker =
        startSlurmWorker(queue, root, QStringList{"--once", "--alive-seconds", "1", "--lost-after-seconds", "4"});
    QVERIFY(worker);
    QStringList lost;
    for (int attempt = 1; attempt <= 2; ++attempt) {
      QJsonObject j;
      QVERIFY(waitFor([&] {
        j = jobById(queue, id);
        return j["attempts"].toInt() == attempt && j["runner_state"] == "RUNNING" && j["iteration"].toInt() > 0;
      }, 45000));
      lost << j["runner_job_id"].toString();
      loseTheNode(lost.back());
    }
    QVERIFY(worker->waitForFinished(60000));
    const QByteArray err = worker->readAllStandardError();
    QVERIFY2(worker->exitCode() == 0, err.constData());
    const QJsonObject j = jobById(queue, id);
    QCOMPARE(j["state"].toString(), QString("failed"));
    QCOMPARE(j["attempts"].toInt(), 2);
    QVERIFY2(err.contains("now failed after 2 attempts"), err.constData());
    // Each attempt's loss is in the job's log.
    const CliResult log = runCli({"queue", "log", QString::number(id), "--queue", queue});
    for (const QString& slurmId : lost)
      QVERIFY2(log.out.contains(("Slurm job " + slurmId + " was lost").toLatin1()), log.out.constData());
  }
};

QTEST_GUILESS_MAIN(SlurmRunnerTest)
#include "SlurmRunnerTest.moc"
