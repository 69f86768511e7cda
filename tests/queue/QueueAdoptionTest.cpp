#include <QProcess>
#include <QTest>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "QueueTestSupport.h"
#include "TestData.h"
#include "jobs/JobFolder.h"
#include "queue/Worker.h"

using namespace slicewise;
using namespace slicewise::test;

namespace {

// A runner whose trainers outlive the worker that started them, as a cluster scheduler's jobs
// do: each trainer is started detached (its own session, not the worker's child) and followed
// by its PID, so that another worker can attach to it.
class DetachedProcessRunner : public TrainingRunner {
 public:
  std::string name() const override { return "detached"; }

  std::unique_ptr<RunningTraining> start(const TrainingRequest& r) override {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe");
    const std::string folder = r.jobFolder.string(), log = folder + "/trainer.log";
    const pid_t child = ::fork();
    if (child == 0) {
      ::setsid();
      const pid_t trainer = ::fork();
      if (trainer == 0) {
        const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        ::dup2(out, 1);
        ::dup2(out, 2);
        ::execl(SLICEWISE_TRAINER_PATH, SLICEWISE_TRAINER_PATH, folder.c_str(), "--quiet", "--threads", "1",
                static_cast<char*>(nullptr));
        ::_exit(127);
      }
      [[maybe_unused]] const ssize_t n = ::write(fds[1], &trainer, sizeof(trainer));
      ::_exit(0);
    }
    pid_t trainer = 0;
    [[maybe_unused]] const ssize_t n = ::read(fds[0], &trainer, sizeof(trainer));
    ::close(fds[0]);
    ::close(fds[1]);
    ::waitpid(child, nullptr, 0);
    return attach(r, std::to_string(trainer));
  }

  std::unique_ptr<RunningTraining> attach(const TrainingRequest& r, const std::string& id) override {
    ++attached;
    return std::make_unique<Followed>(r.jobFolder, id);
  }

  int attached = 0;

 private:
  class Followed : public RunningTraining {
   public:
    Followed(std::filesystem::path folder, std::string pid) : folder_(std::move(folder)), pid_(std::move(pid)) {}
    std::string runnerJobId() const override { return pid_; }
    std::optional<TrainingExit> poll() override {
      if (!processEnded(std::stoll(pid_))) return std::nullopt;
      TrainingExit e;
      e.exitCode = JobFolder::open(folder_).hasProposal() ? 0 : 1;  // no parent to learn the status from
      return e;
    }
    TrainingExit stop(std::chrono::milliseconds) override {
      ::kill(pid_t(std::stoll(pid_)), SIGKILL);
      TrainingExit e;
      e.exitCode = -1;
      e.signal = SIGKILL;
      return e;
    }
    std::string outputTail(size_t) const override { return {}; }

   private:
    std::filesystem::path folder_;
    std::string pid_;
  };
};

}  // namespace

// A job whose attempt outlives its worker (a cluster job) is taken over by the next worker,
// which follows it to the end instead of starting it again.
class QueueAdoptionTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aSurvivingAttemptIsFollowedNotRestarted() {
    const QString dir = scratchDir();
    writeDiscVolume(dir + "/disc.nii.gz", dir + "/truth.nii.gz");
    const CliResult r = runCli({"job", "create", "--image", dir + "/disc.nii.gz", "--labels", dir + "/truth.nii.gz",
                                "--slices", "1,4,7,10", "--iterations", "150", "--device", "cpu", "--out",
                                dir + "/job"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QueueDatabase q((dir + "/queue.sqlite").toStdString());
    QueueJobRequest request;
    request.study = (dir + "/no-study").toStdString();
    request.folder = (dir + "/job").toStdString();
    const int64_t id = q.add(request);

    // A worker of this host that has ended started the attempt.
    QProcess gone;
    gone.start("/bin/sleep", {"0.1"});
    QVERIFY(gone.waitForStarted());
    const qint64 gonePid = gone.processId();
    QVERIFY(gone.waitForFinished());
    char host[256] = {};
    ::gethostname(host, sizeof(host) - 1);
    const std::string deadWorker = std::string(host) + ":" + std::to_string(gonePid);
    DetachedProcessRunner runner;
    const QueueJob claimed = *q.claim(deadWorker, runner.name(), false);
    TrainingRequest attempt;
    attempt.jobFolder = claimed.request.folder;
    const auto started = runner.start(attempt);
    q.setRunnerJobId(id, deadWorker, started->runnerJobId());

    WorkerOptions o;
    o.once = true;
    o.heartbeatSeconds = 0.2;
    const WorkerSummary s = Worker(q, runner, o).run();
    QCOMPARE(s.adopted, 1);
    QCOMPARE(s.done, 1);
    QCOMPARE(s.recovered, 0);
    const QueueJob j = *q.find(id);
    QCOMPARE(j.state, QueueState::Done);
    QCOMPARE(j.attempts, 1);  // followed, not started again
    QCOMPARE(j.runnerJobId, started->runnerJobId());
    QCOMPARE(j.worker, Worker::processWorkerId());
  }
};

QTEST_GUILESS_MAIN(QueueAdoptionTest)
#include "QueueAdoptionTest.moc"
