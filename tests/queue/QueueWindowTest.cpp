#include <QTest>
#include <atomic>
#include <ctime>

#include "QueueTestSupport.h"
#include "TestData.h"
#include "queue/LocalProcessRunner.h"
#include "queue/Worker.h"

using namespace slicewise;
using namespace slicewise::test;

// The worker's clock decides when night jobs start and when --until stops it. Here it is
// injected; the trainer runs for real.
class QueueWindowTest : public QObject {
  Q_OBJECT
  QString dir_, image_, truth_;
  int jobs_ = 0;

  static std::chrono::system_clock::time_point today(int hour, int minute) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return std::chrono::system_clock::from_time_t(std::mktime(&tm));
  }

  // A job folder written by `job create`, queued directly.
  int64_t queueJob(QueueDatabase& q, QueueWhen when, int iterations) {
    const QString folder = dir_ + "/job" + QString::number(jobs_++);
    const CliResult r = runCli({"job", "create", "--image", image_, "--labels", truth_, "--slices", "1,4,7,10",
                                "--iterations", QString::number(iterations), "--threads", "1", "--device", "cpu",
                                "--out", folder});
    if (r.exitCode != 0) qFatal("job create: %s", r.err.constData());
    QueueJobRequest request;
    request.study = (dir_ + "/no-study").toStdString();
    request.folder = folder.toStdString();
    request.when = when;
    return q.add(request);
  }

  static WorkerOptions options(WallClock clock) {
    WorkerOptions o;
    o.once = true;
    o.threads = 1;
    o.heartbeatSeconds = 0.2;
    o.clock = std::move(clock);
    return o;
  }

 private Q_SLOTS:
  void initTestCase() {
    dir_ = scratchDir();
    image_ = dir_ + "/disc.nii.gz";
    truth_ = dir_ + "/disc-truth.nii.gz";
    writeDiscVolume(image_, truth_);
  }

  void nightJobsWaitForTheWindow() {
    QueueDatabase q((dir_ + "/window/queue.sqlite").toStdString());
    LocalProcessRunner runner(SLICEWISE_TRAINER_PATH);
    const int64_t night = queueJob(q, QueueWhen::Tonight, 3);
    const int64_t now = queueJob(q, QueueWhen::Now, 3);
    WorkerSummary s = Worker(q, runner, options([] { return today(12, 0); })).run();
    QCOMPARE(s.done, 1);
    QCOMPARE(q.find(now)->state, QueueState::Done);
    QCOMPARE(q.find(night)->state, QueueState::Scheduled);
    s = Worker(q, runner, options([] { return today(18, 59); })).run();
    QCOMPARE(s.done, 0);
    s = Worker(q, runner, options([] { return today(19, 0); })).run();
    QCOMPARE(s.done, 1);
    QCOMPARE(q.find(night)->state, QueueState::Done);
    // A configured window: 01:00-05:00 is closed at 23:00 and open at 03:00.
    const int64_t late = queueJob(q, QueueWhen::Tonight, 3);
    WorkerOptions o = options([] { return today(23, 0); });
    o.window = *ScheduleWindow::parse("01:00-05:00");
    QCOMPARE(Worker(q, runner, o).run().done, 0);
    o.clock = [] { return today(3, 0); };
    QCOMPARE(Worker(q, runner, o).run().done, 1);
    QCOMPARE(q.find(late)->state, QueueState::Done);
  }

  void untilStopsTheWorkerAndTheJobWaitsToResume() {
    QueueDatabase q((dir_ + "/until/queue.sqlite").toStdString());
    LocalProcessRunner runner(SLICEWISE_TRAINER_PATH);
    const int64_t id = queueJob(q, QueueWhen::Now, 100000);
    // A clock that reads 06:59 at first and 07:00 once the trainer has run for a moment.
    auto start = std::make_shared<std::atomic<int64_t>>(0);
    WorkerOptions o = options([start] {
      const auto elapsed = std::chrono::steady_clock::now().time_since_epoch().count() - start->load();
      return today(6, 59) + (start->load() != 0 && elapsed > 1500000000LL ? std::chrono::minutes(1)
                                                                           : std::chrono::minutes(0));
    });
    o.untilMinute = 7 * 60;
    o.once = false;
    o.stopGraceSeconds = 10;
    o.report = [start](const std::string& line) {
      if (line.find("starting") != std::string::npos)
        start->store(std::chrono::steady_clock::now().time_since_epoch().count());
    };
    Worker worker(q, runner, o);
    const WorkerSummary s = worker.run();
    QCOMPARE(s.released, 1);
    const QueueJob j = *q.find(id);
    QCOMPARE(j.state, QueueState::Queued);
    QCOMPARE(j.attempts, 0);  // stopping on time is no failed attempt
    QVERIFY(QString::fromStdString(j.log).contains("the worker was stopped"));
    QVERIFY(processEnded(QString::fromStdString(j.runnerJobId).toLongLong()));
  }
};

QTEST_GUILESS_MAIN(QueueWindowTest)
#include "QueueWindowTest.moc"
