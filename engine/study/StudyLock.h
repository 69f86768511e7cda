#pragma once

#include <memory>
#include <optional>
#include <string>

namespace slicewise {

// study.lock in the study folder: "host PID" of the owning process, held with flock() while the
// study is open. flock ends with the process, so a lock file whose flock is free is stale: its
// owner died (kill -9, power cut). When flock is unavailable (some network filesystems) the PID
// is checked instead, which only works for locks taken on this host: a lock naming another host
// is never taken over unless the caller says so (two hosts writing one SQLite WAL database over
// a network share corrupt it).
class StudyLock {
 public:
  // Throws StudyError "study DIR is open in another process (host H, PID P)", or, for a lock
  // left by another host, one naming it unless takeOverForeignLock.
  static std::unique_ptr<StudyLock> acquire(const std::string& dir, bool takeOverForeignLock = false);
  ~StudyLock();  // removes the lock file
  StudyLock(const StudyLock&) = delete;
  StudyLock& operator=(const StudyLock&) = delete;

  // Non-empty when acquire() took over a stale lock: "host H, PID P".
  const std::string& staleOwner() const { return staleOwner_; }
  bool staleOwnerWasElsewhere() const { return staleOwnerElsewhere_; }  // another host's lock
  static std::string lockPath(const std::string& dir);
  // "host H, PID P" when the study's lock file was left by a process that ended without closing
  // the study (a crash, kill -9): its work up to the last autosave is in the study.
  static std::optional<std::string> abandonedBy(const std::string& dir);
  static std::string hostName();

 private:
  StudyLock() = default;
  static std::unique_ptr<StudyLock> tryAcquire(const std::string& dir, bool takeOverForeignLock);
  int fd_ = -1;
  std::string path_;
  std::string staleOwner_;
  bool staleOwnerElsewhere_ = false;
};

}  // namespace slicewise
