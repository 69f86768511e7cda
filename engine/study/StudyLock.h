#pragma once

#include <memory>
#include <string>

namespace slicewise {

// study.lock in the study folder: "host PID" of the owning process, held with flock() while the
// study is open. flock ends with the process, so a lock file whose flock is free is stale: its
// owner died (kill -9, power cut). When flock is unavailable (some network filesystems) the PID
// is checked instead, which only works for locks taken on this host.
class StudyLock {
 public:
  // Throws StudyError "study DIR is open in another process (host H, PID P)".
  static std::unique_ptr<StudyLock> acquire(const std::string& dir);
  ~StudyLock();  // removes the lock file
  StudyLock(const StudyLock&) = delete;
  StudyLock& operator=(const StudyLock&) = delete;

  // Non-empty when acquire() took over a stale lock: "host H, PID P".
  const std::string& staleOwner() const { return staleOwner_; }
  static std::string lockPath(const std::string& dir);
  static std::string hostName();

 private:
  StudyLock() = default;
  static std::unique_ptr<StudyLock> tryAcquire(const std::string& dir);
  int fd_ = -1;
  std::string path_;
  std::string staleOwner_;
};

}  // namespace slicewise
