#include "files/CheckedFile.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "files/FileError.h"
#include "files/MemoryBudget.h"

namespace slicewise {

namespace {

std::string reason(int error) { return std::strerror(error); }

}  // namespace

CheckedFile::CheckedFile(const std::string& path, std::string displayName)
    : displayName_(std::move(displayName)) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd_ < 0) fail(errno);
}

CheckedFile::~CheckedFile() {
  if (fd_ >= 0) ::close(fd_);
}

void CheckedFile::fail(int error) const {
  throw FileError("cannot write '" + displayName_ + "': " + reason(error));
}

void CheckedFile::write(std::string_view bytes) {
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(errno);
    }
    // A short write is retried: the next call reports why it cannot go on (ENOSPC, EFBIG).
    p += n;
    left -= size_t(n);
  }
}

void CheckedFile::close() {
  if (fd_ < 0) return;
  const int fd = fd_;
  fd_ = -1;
  if (::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    fail(e);
  }
  // close() may report a write-back failure (NFS); EINTR leaves the descriptor closed on Linux.
  if (::close(fd) != 0 && errno != EINTR) fail(errno);
}

void syncFile(const std::string& path, const std::string& displayName) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw FileError("cannot write '" + displayName + "': " + reason(errno));
  const int synced = ::fsync(fd);
  const int e = errno;
  ::close(fd);
  if (synced != 0) throw FileError("cannot write '" + displayName + "': " + reason(e));
}

void syncFolder(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

std::string shortWriteReason(const std::string& path) {
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  struct rlimit rl {};
  if (exists && ::getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
      uint64_t(st.st_size) >= uint64_t(rl.rlim_cur))
    return "the file size limit is " + formatBytes(uint64_t(rl.rlim_cur)) + " (ulimit -f)";
  struct statvfs fs {};
  const std::string folder = path.substr(0, path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/'));
  // A block or two may remain on a full file system (reserved blocks, rounding).
  if (::statvfs(folder.empty() ? "." : folder.c_str(), &fs) == 0 &&
      uint64_t(fs.f_bavail) * uint64_t(fs.f_frsize) < 64 * 1024)
    return std::strerror(ENOSPC);
  return "the file was not written completely";
}

}  // namespace slicewise
