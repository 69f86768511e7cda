#include "ChildProcess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <cerrno>
#include <string>
#include <vector>

namespace slicewise::test {

int ChildResult::errLines() const {
  int n = 0;
  for (const QByteArray& line : err.split('\n')) n += !line.trimmed().isEmpty();
  return n;
}

ChildResult runChild(const QString& program, const QStringList& args, const ChildLimits& limits) {
  ChildResult r;
  int outPipe[2], errPipe[2];
  if (::pipe2(outPipe, O_CLOEXEC) != 0 || ::pipe2(errPipe, O_CLOEXEC) != 0) return r;
  std::vector<std::string> storage{program.toStdString()};
  for (const QString& a : args) storage.push_back(a.toStdString());
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(outPipe[1], 1);
    ::dup2(errPipe[1], 2);
    const int devNull = ::open("/dev/null", O_RDONLY);
    if (devNull >= 0) ::dup2(devNull, 0);
    if (limits.fileSizeBytes) {
      const rlimit rl{rlim_t(*limits.fileSizeBytes), rlim_t(*limits.fileSizeBytes)};
      ::setrlimit(RLIMIT_FSIZE, &rl);
    }
    if (limits.addressSpaceBytes && kAddressSpaceLimits) {
      const rlimit rl{rlim_t(*limits.addressSpaceBytes), rlim_t(*limits.addressSpaceBytes)};
      ::setrlimit(RLIMIT_AS, &rl);
    }
    ::signal(SIGXFSZ, limits.ignoreFileSizeSignal ? SIG_IGN : SIG_DFL);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(outPipe[1]);
  ::close(errPipe[1]);
  if (pid < 0) {
    ::close(outPipe[0]);
    ::close(errPipe[0]);
    return r;
  }
  QElapsedTimer clock;
  clock.start();
  pollfd fds[2] = {{outPipe[0], POLLIN, 0}, {errPipe[0], POLLIN, 0}};
  int open = 2;
  char buf[65536];
  while (open > 0) {
    const int left = limits.timeoutMs - int(clock.elapsed());
    if (left <= 0) {
      r.timedOut = true;
      ::kill(-pid, SIGKILL);
      break;
    }
    if (::poll(fds, 2, left) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? r.out : r.err).append(buf, int(n));
      } else {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) ::close(f.fd);
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  r.peakMegabytes = double(usage.ru_maxrss) / 1024.0;
  if (WIFEXITED(status) && !r.timedOut) r.exitCode = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  return r;
}

ChildResult runCliChild(const QStringList& args, const ChildLimits& limits) { return runChild(cliPath(), args, limits); }

}  // namespace slicewise::test
