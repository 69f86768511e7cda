#include "study/StudyLock.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "study/Study.h"

namespace slicewise {

namespace {

struct Owner {
  std::string host;
  long pid = 0;
};

Owner readOwner(int fd) {
  char buf[512] = {};
  const ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
  Owner o;
  if (n > 0) {
    std::istringstream in(std::string(buf, size_t(n)));
    in >> o.host >> o.pid;
  }
  return o;
}

bool processAlive(long pid) { return pid > 0 && (kill(pid_t(pid), 0) == 0 || errno == EPERM); }

// When process `pid` started, in seconds since the epoch, from /proc; -1 when unknown.
double processStartTime(long pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return -1;
  const size_t close = line.rfind(')');  // the command name may hold spaces and parentheses
  if (close == std::string::npos) return -1;
  std::istringstream fields(line.substr(close + 1));
  std::string skip;
  for (int field = 3; field < 22; ++field) fields >> skip;  // state .. num_threads, itrealvalue
  unsigned long long startTicks = 0;
  if (!(fields >> startTicks)) return -1;
  std::ifstream procStat("/proc/stat");
  long long bootTime = -1;
  for (std::string key; procStat >> key;) {
    if (key == "btime") {
      procStat >> bootTime;
      break;
    }
    std::getline(procStat, skip);
  }
  const long ticks = sysconf(_SC_CLK_TCK);
  if (bootTime < 0 || ticks <= 0) return -1;
  return double(bootTime) + double(startTicks) / double(ticks);
}

std::string describe(const Owner& o) { return "host " + o.host + ", PID " + std::to_string(o.pid); }

}  // namespace

std::string StudyLock::lockPath(const std::string& dir) { return dir + "/study.lock"; }

std::string StudyLock::hostName() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0 || host[0] == 0) return "unknown-host";
  return host;
}

std::optional<std::string> StudyLock::abandonedBy(const std::string& dir) {
  const int fd = ::open(lockPath(dir).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  const Owner owner = readOwner(fd);
  const bool free = flock(fd, LOCK_SH | LOCK_NB) == 0;
  ::close(fd);
  if (!free || owner.pid <= 0) return std::nullopt;
  return describe(owner);
}

std::unique_ptr<StudyLock> StudyLock::acquire(const std::string& dir, bool takeOverForeignLock) {
  // A closing owner unlinks the file while holding flock; whoever locked that old inode in the
  // meantime must start again on the new file.
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<StudyLock> lock = tryAcquire(dir, takeOverForeignLock);
    if (lock || attempt == 10) {
      if (!lock) throw StudyError("cannot lock study " + dir + ": the lock file keeps changing");
      return lock;
    }
  }
}

std::unique_ptr<StudyLock> StudyLock::tryAcquire(const std::string& dir, bool takeOverForeignLock) {
  const std::string path = lockPath(dir);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int err = errno;
    if (err == EACCES || err == EROFS || err == EPERM)
      throw StudyError("cannot open study " + dir +
                       " for writing: the folder is read-only (open it read-only instead)");
    throw StudyError("cannot create the lock file of study " + dir + ": " + std::strerror(err));
  }
  const std::string self = hostName();
  const Owner previous = readOwner(fd);
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    const Owner owner = readOwner(fd);  // read again: the owner may have been writing it
    ::close(fd);
    if (err == EWOULDBLOCK)
      throw StudyError("study " + dir + " is open in another process (" + describe(owner) +
                       "); open it read-only or close it there");
    throw StudyError("cannot lock study " + dir + ": " + std::strerror(err));
  }
  struct stat held {}, named {};
  if (fstat(fd, &held) != 0 || stat(path.c_str(), &named) != 0 || held.st_ino != named.st_ino ||
      held.st_dev != named.st_dev) {
    ::close(fd);
    return nullptr;
  }
  // flock is ours. A recorded owner that still lives can only mean flock does not work on this
  // filesystem, so trust the PID then; a different host's owner cannot be checked at all. A
  // process that started after the lock file was written merely reuses the dead owner's PID
  // (common after a reboot), so it does not hold the study.
  if (previous.pid > 0 && previous.host != self && !takeOverForeignLock) {
    ::close(fd);
    throw StudyError("study " + dir + " is locked by another computer (" + describe(previous) +
                     "), which may still have it open on this shared folder; if it does not, "
                     "take the lock over with --force");
  }
  if (previous.pid > 0) {
    const bool itsMe = previous.host == self && previous.pid == long(getpid());
    const double started = processStartTime(previous.pid);
    const bool pidReused = started >= 0 && started > double(held.st_mtime) + 1.0;
    if (!itsMe && previous.host == self && processAlive(previous.pid) && !pidReused) {
      ::close(fd);
      throw StudyError("study " + dir + " is open in another process (" + describe(previous) +
                       "); open it read-only or close it there");
    }
  }
  const std::string content = self + " " + std::to_string(getpid()) + "\n";
  if (ftruncate(fd, 0) != 0 || pwrite(fd, content.data(), content.size(), 0) != ssize_t(content.size())) {
    const int err = errno;
    ::close(fd);
    throw StudyError("cannot write the lock file of study " + dir + ": " + std::strerror(err));
  }
  fsync(fd);
  std::unique_ptr<StudyLock> lock(new StudyLock);
  lock->fd_ = fd;
  lock->path_ = path;
  if (previous.pid > 0) lock->staleOwner_ = describe(previous);
  lock->staleOwnerElsewhere_ = previous.pid > 0 && previous.host != self;
  return lock;
}

StudyLock::~StudyLock() {
  if (fd_ >= 0) {
    // Unlink while still holding flock, so nobody locks a file that is about to vanish.
    ::unlink(path_.c_str());
    ::close(fd_);
  }
}

}  // namespace slicewise
