#include "jobs/JobLock.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace slicewise {

std::unique_ptr<JobLock> JobLock::tryAcquire(const std::filesystem::path& jobFolder, std::string* reason) {
  const std::filesystem::path path = jobFolder / "trainer.lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (reason) *reason = "cannot open '" + path.string() + "': " + std::strerror(errno);
    return nullptr;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (reason)
      *reason = error == EWOULDBLOCK ? "another trainer is running this job (" + path.string() + " is locked)"
                                     : "cannot lock '" + path.string() + "': " + std::strerror(error);
    return nullptr;
  }
  return std::unique_ptr<JobLock>(new JobLock(fd));
}

JobLock::~JobLock() { ::close(fd_); }

}  // namespace slicewise
