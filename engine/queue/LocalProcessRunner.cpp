#include "queue/LocalProcessRunner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "queue/TrainerLogTail.h"

namespace slicewise {

namespace {

class LocalTraining : public RunningTraining {
 public:
  LocalTraining(pid_t pid, std::filesystem::path log, std::streamoff logStart)
      : pid_(pid), log_(std::move(log)), logStart_(logStart) {}
  ~LocalTraining() override {
    if (!exit_) stop(std::chrono::milliseconds(0));
  }

  std::string runnerJobId() const override { return std::to_string(pid_); }

  std::optional<TrainingExit> poll() override {
    if (exit_) return exit_;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) record(status);
    return exit_;
  }

  TrainingExit stop(std::chrono::milliseconds grace) override {
    if (poll()) return *exit_;
    // The whole group: a trainer that started helpers takes them along.
    if (grace.count() > 0) {
      ::kill(-pid_, SIGTERM);
      const auto until = std::chrono::steady_clock::now() + grace;
      while (std::chrono::steady_clock::now() < until) {
        if (poll()) return *exit_;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    ::kill(-pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    record(status);
    return *exit_;
  }

  std::string outputTail(size_t maxBytes) const override { return trainerLogTail(log_, logStart_, maxBytes); }

 private:
  void record(int status) {
    TrainingExit e;
    if (WIFSIGNALED(status)) {
      e.exitCode = -1;
      e.signal = WTERMSIG(status);
    } else {
      e.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    exit_ = e;
  }

  pid_t pid_;
  std::filesystem::path log_;
  std::streamoff logStart_;
  std::optional<TrainingExit> exit_;
};

}  // namespace

std::string TrainingExit::describe() const {
  if (!detail.empty()) return detail;
  if (signal != 0) return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  return "exit code " + std::to_string(exitCode);
}

LocalProcessRunner::LocalProcessRunner(std::filesystem::path trainer) : trainer_(std::move(trainer)) {}

std::unique_ptr<RunningTraining> LocalProcessRunner::start(const TrainingRequest& request) {
  const std::filesystem::path log = request.jobFolder / kLogFile;
  const int logFd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (logFd < 0)
    throw std::runtime_error("cannot write " + log.string() + ": " + std::strerror(errno));
  {
    const std::time_t now = std::time(nullptr);
    char stamp[32];
    std::tm tm{};
    localtime_r(&now, &tm);
    std::strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
    const std::string header = "--- attempt " + std::to_string(request.attempt) + ", " + stamp + " ---\n";
    [[maybe_unused]] const ssize_t n = ::write(logFd, header.data(), header.size());
  }
  const std::streamoff logStart = ::lseek(logFd, 0, SEEK_END);
  // Everything the child needs is built before fork: after it only async-signal-safe calls.
  std::vector<std::string> args{trainer_.string(), request.jobFolder.string(), "--quiet"};
  if (!request.device.empty()) args.insert(args.end(), {"--device", request.device});
  if (request.threads > 0) args.insert(args.end(), {"--threads", std::to_string(request.threads)});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int e = errno;
    ::close(logFd);
    throw std::runtime_error(std::string("cannot start the trainer: ") + std::strerror(e));
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);  // the worker died before prctl took effect
    ::dup2(logFd, STDOUT_FILENO);
    ::dup2(logFd, STDERR_FILENO);
    const int devNull = ::open("/dev/null", O_RDONLY);
    if (devNull >= 0) ::dup2(devNull, STDIN_FILENO);
    ::close_range(3, ~0U, 0);  // the queue database and anything else of the worker's
    // Dispositions the worker set (ignored SIGINT, handlers) and its blocked signals do not
    // belong to the trainer.
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT}) ::sigaction(s, &dfl, nullptr);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(argv[0], argv.data());
    const char message[] = "cannot execute the trainer\n";
    [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, message, sizeof(message) - 1);
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here, so that a stop right after start reaches the group
  ::close(logFd);
  return std::make_unique<LocalTraining>(pid, log, logStart);
}

}  // namespace slicewise
