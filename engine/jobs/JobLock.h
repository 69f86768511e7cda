#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace slicewise {

// One trainer per job folder at a time: an advisory lock (flock) on the folder's lock file, held
// while the object lives and released by the kernel when the process dies, even by SIGKILL, so a
// killed trainer never leaves a stale lock behind.
class JobLock {
 public:
  // nullptr when another process holds the lock (or the lock file cannot be made), with *reason.
  static std::unique_ptr<JobLock> tryAcquire(const std::filesystem::path& jobFolder, std::string* reason);
  ~JobLock();
  JobLock(const JobLock&) = delete;
  JobLock& operator=(const JobLock&) = delete;

 private:
  explicit JobLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace slicewise
