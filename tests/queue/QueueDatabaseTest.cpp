#include <QTest>
#include <filesystem>
#include <thread>

#include "TestData.h"
#include "queue/QueueConnection.h"
#include "queue/QueueDatabase.h"

using namespace slicewise;
using namespace slicewise::test;

// The queue database on its own: order, claiming, attempts, cancel and retry rules, and what
// two connections (two processes' worth) see.
class QueueDatabaseTest : public QObject {
  Q_OBJECT

  static QueueJobRequest request(const std::string& study, int priority = 0, QueueWhen when = QueueWhen::Now) {
    QueueJobRequest r;
    r.study = study;
    r.folder = "/nonexistent/" + study;
    r.priority = priority;
    r.when = when;
    return r;
  }
  static std::string freshPath() { return (scratchDir() + "/q/queue.sqlite").toStdString(); }

 private Q_SLOTS:
  void createsItsFolderPrivately() {
    const std::string path = freshPath();
    QueueDatabase q(path);
    QVERIFY(std::filesystem::is_regular_file(path));
    const auto perms = std::filesystem::status(std::filesystem::path(path).parent_path()).permissions();
    QCOMPARE(perms & std::filesystem::perms::group_all, std::filesystem::perms::none);
    QCOMPARE(q.jobsFolder(), std::filesystem::path(path).parent_path() / "jobs");
  }

  void aVersionOneQueueGainsTheRunnerState() {
    // A queue as the first release wrote it, with a job a local worker ran.
    const std::string path = freshPath();
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    {
      QueueConnection db(path, 1000);
      db.exec(R"SQL(CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  study TEXT NOT NULL, folder TEXT NOT NULL, predictor TEXT NOT NULL, axis TEXT NOT NULL,
  parameters TEXT NOT NULL, key_state TEXT NOT NULL DEFAULT '',
  priority INTEGER NOT NULL DEFAULT 0,
  run_when TEXT NOT NULL CHECK (run_when IN ('now', 'tonight')),
  state TEXT NOT NULL CHECK (state IN ('queued', 'scheduled', 'running', 'done', 'failed', 'cancelled')),
  progress REAL NOT NULL DEFAULT 0, iteration INTEGER NOT NULL DEFAULT 0,
  iterations INTEGER NOT NULL DEFAULT 0, eta_seconds REAL, loss REAL NOT NULL DEFAULT 0,
  device TEXT NOT NULL DEFAULT 'auto', device_used TEXT NOT NULL DEFAULT '',
  created INTEGER NOT NULL, started INTEGER NOT NULL DEFAULT 0,
  finished INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL DEFAULT 2,
  log TEXT NOT NULL DEFAULT '',
  worker TEXT NOT NULL DEFAULT '', heartbeat INTEGER NOT NULL DEFAULT 0,
  runner TEXT NOT NULL DEFAULT '', runner_job_id TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL DEFAULT '{}');
CREATE INDEX jobs_by_state ON jobs (state, priority DESC, id);
INSERT INTO jobs (study, folder, predictor, axis, parameters, run_when, state, created, runner, runner_job_id)
  VALUES ('/s', '/j', 'unet', 'axial', '{}', 'now', 'done', 1700000000, 'local', '77');
PRAGMA user_version = 1;)SQL");
    }
    QueueDatabase q(path);
    const auto job = q.find(1);
    QVERIFY(job);
    QCOMPARE(job->runner, std::string("local"));
    QCOMPARE(job->runnerJobId, std::string("77"));
    QCOMPARE(job->runnerState, std::string());
    QueueConnection db(path, 1000);
    QCOMPARE(db.queryInt("PRAGMA user_version"), int64_t(2));
  }

  void theFolderMovesOnlyForItsWorker() {
    QueueDatabase q(freshPath());
    const int64_t id = q.add(request("a"));
    QVERIFY(q.claim("w1", "slurm", false));
    QVERIFY(!q.moveFolder(id, "w2", "/shared/a"));
    QVERIFY(q.moveFolder(id, "w1", "/shared/a"));
    QCOMPARE(q.find(id)->request.folder, std::string("/shared/a"));
  }

  void defaultPathFollowsXdgDataHome() {
    qputenv("XDG_DATA_HOME", "/data/home");
    QCOMPARE(QueueDatabase::defaultPath().string(), std::string("/data/home/slicewise/queue/queue.sqlite"));
    qunsetenv("XDG_DATA_HOME");
    qputenv("HOME", "/home/x");
    QCOMPARE(QueueDatabase::defaultPath().string(), std::string("/home/x/.local/share/slicewise/queue/queue.sqlite"));
  }

  void claimsByPriorityThenAge() {
    QueueDatabase q(freshPath());
    const int64_t a = q.add(request("a"));
    const int64_t b = q.add(request("b", 5));
    const int64_t c = q.add(request("c"));
    const int64_t night = q.add(request("night", 9, QueueWhen::Tonight));
    QCOMPARE(q.find(night)->state, QueueState::Scheduled);
    QCOMPARE(q.claim("w:1", "local", false)->id, b);
    QCOMPARE(q.claim("w:1", "local", false)->id, a);
    QCOMPARE(q.claim("w:1", "local", true)->id, night);  // the window is open now
    QCOMPARE(q.claim("w:1", "local", false)->id, c);
    QVERIFY(!q.claim("w:1", "local", true));
    const QueueJob j = *q.find(b);
    QCOMPARE(j.state, QueueState::Running);
    QCOMPARE(j.attempts, 1);
    QCOMPARE(j.worker, std::string("w:1"));
    QCOMPARE(j.runner, std::string("local"));
  }

  void scheduledJobsWaitOutsideTheWindow() {
    QueueDatabase q(freshPath());
    q.add(request("night", 0, QueueWhen::Tonight));
    QVERIFY(!q.hasRunnable(false));
    QVERIFY(!q.claim("w:1", "local", false));
    QVERIFY(q.hasRunnable(true));
  }

  void aJobFailsAfterItsSecondAttempt() {
    QueueDatabase q(freshPath());
    const int64_t id = q.add(request("s"));
    q.claim("w:1", "local", false);
    QCOMPARE(q.attemptFailed(id, "w:1", "attempt 1 failed: exit code 3"), QueueState::Queued);
    q.claim("w:2", "local", false);
    QCOMPARE(q.attemptFailed(id, "w:2", "attempt 2 failed: exit code 3"), QueueState::Failed);
    const QueueJob j = *q.find(id);
    QCOMPARE(j.attempts, 2);
    QCOMPARE(QString::fromStdString(j.log), QString("attempt 1 failed: exit code 3\nattempt 2 failed: exit code 3"));
    QVERIFY(j.finished > 0);
  }

  void aNightJobWaitsForTheNextNightAfterAFailedAttempt() {
    QueueDatabase q(freshPath());
    const int64_t id = q.add(request("s", 0, QueueWhen::Tonight));
    q.claim("w:1", "local", true);
    QCOMPARE(q.attemptFailed(id, "w:1", "boom"), QueueState::Scheduled);
  }

  void aReleasedJobKeepsItsAttempts() {
    QueueDatabase q(freshPath());
    const int64_t id = q.add(request("s"));
    q.claim("w:1", "local", false);
    QVERIFY(q.release(id, "w:1", "stopped with the worker"));
    QCOMPARE(q.find(id)->state, QueueState::Queued);
    QCOMPARE(q.find(id)->attempts, 0);
    QVERIFY(!q.release(id, "w:1", "again"));  // not running any more
  }

  void onlyTheHoldingWorkerWritesARunningJob() {
    QueueDatabase q(freshPath());
    const int64_t id = q.add(request("s"));
    q.claim("w:1", "local", false);
    QueueProgress p;
    p.progress = 0.25;
    p.iteration = 5;
    p.iterations = 20;
    p.etaSeconds = 12;
    QVERIFY(q.heartbeat(id, "w:1", p));
    QVERIFY(!q.heartbeat(id, "w:2", p));
    QVERIFY(!q.finish(id, "w:2", "{}"));
    QCOMPARE(q.find(id)->progress, 0.25);
    QCOMPARE(*q.find(id)->etaSeconds, 12.0);
    // Cancelled while running: the worker learns it from its next heartbeat.
    QCOMPARE(q.cancel(id), QueueState::Running);
    QVERIFY(!q.heartbeat(id, "w:1", p));
    QVERIFY(!q.finish(id, "w:1", "{}"));
    QCOMPARE(q.find(id)->state, QueueState::Cancelled);
  }

  void staleRecoveryCountsAsAnAttempt() {
    QueueDatabase q(freshPath());
    const int64_t id = q.add(request("s"));
    q.claim("gone:1", "local", false);
    QCOMPARE(q.runningJobs().size(), size_t(1));
    QVERIFY(!q.recoverStale(id, "other:2", "not its worker"));
    QCOMPARE(*q.recoverStale(id, "gone:1", "worker gone:1 ended"), QueueState::Queued);
    QVERIFY(q.runningJobs().empty());
    q.claim("w:3", "local", false);
    QCOMPARE(q.find(id)->attempts, 2);
  }

  void cancelAndRetryRules() {
    QueueDatabase q(freshPath());
    const int64_t id = q.add(request("s"));
    QVERIFY_THROWS_EXCEPTION(QueueError, q.retry(id));  // queued: nothing to retry
    QCOMPARE(q.cancel(id), QueueState::Queued);
    QVERIFY_THROWS_EXCEPTION(QueueError, q.cancel(id));  // ended already
    q.retry(id);
    QCOMPARE(q.find(id)->state, QueueState::Queued);
    QVERIFY_THROWS_EXCEPTION(QueueError, q.cancel(999));
    q.claim("w:1", "local", false);
    QVERIFY(q.finish(id, "w:1", R"({"slices_predicted":8})"));
    QVERIFY_THROWS_EXCEPTION(QueueError, q.cancel(id));
    QVERIFY_THROWS_EXCEPTION(QueueError, q.retry(id));
    QCOMPARE(q.find(id)->progress, 1.0);
  }

  void twoConnectionsNeverClaimTheSameJob() {
    const std::string path = freshPath();
    {
      QueueDatabase q(path);
      for (int i = 0; i < 40; ++i) q.add(request(std::string("s").append(std::to_string(i))));
    }
    std::vector<int64_t> claimed[4];
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        QueueDatabase q(path);  // a connection of its own, as another process has
        const std::string worker = std::string("w:").append(std::to_string(t));
        while (auto j = q.claim(worker, "local", false)) claimed[t].push_back(j->id);
      });
    for (auto& th : threads) th.join();
    std::vector<int64_t> all;
    for (auto& c : claimed) all.insert(all.end(), c.begin(), c.end());
    std::sort(all.begin(), all.end());
    QCOMPARE(all.size(), size_t(40));
    QVERIFY(std::adjacent_find(all.begin(), all.end()) == all.end());
  }

  void refusesAForeignDatabase() {
    const QString path = scratchDir() + "/other.sqlite";
    {
      QueueDatabase q(path.toStdString());
    }
    QFile f(scratchDir() + "/text.sqlite");
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a database at all, just text that is long enough to fill a header....");
    f.close();
    QVERIFY_THROWS_EXCEPTION(QueueError, QueueDatabase(f.fileName().toStdString()));
  }
};

QTEST_GUILESS_MAIN(QueueDatabaseTest)
#include "QueueDatabaseTest.moc"
