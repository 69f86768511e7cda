#include "jobs/AtomicFile.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace slicewise {

namespace {

std::string failure(const std::string& what, const fs::path& path, int error) {
  return what + " '" + path.string() + "': " + std::strerror(error);
}

// Unique within the process and across processes, so concurrent writers never share a file.
fs::path temporaryBeside(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) about "." + std::string.
  std::string name(".");
  name += target.filename().string();
  name += ".tmp-";
  name += std::to_string(::getpid());
  name += "-";
  name += std::to_string(counter++);
  return target.parent_path() / name;
}

void syncFile(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(failure("cannot open", path, errno));
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) throw std::runtime_error(failure("cannot sync", path, error));
}

}  // namespace

AtomicFile::AtomicFile(fs::path target, unsigned mode)
    : target_(std::move(target)), temporary_(temporaryBeside(target_)), mode_(mode) {}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    std::error_code ec;
    fs::remove(temporary_, ec);
  }
}

void AtomicFile::commit() {
  std::error_code ec;
  if (!fs::is_regular_file(temporary_, ec))
    throw std::runtime_error("nothing was written to '" + temporary_.string() + "'");
  if (::chmod(temporary_.c_str(), mode_t(mode_)) != 0)
    throw std::runtime_error(failure("cannot set the mode of", temporary_, errno));
  syncFile(temporary_);
  if (::rename(temporary_.c_str(), target_.c_str()) != 0)
    throw std::runtime_error(failure("cannot replace", target_, errno));
  committed_ = true;
  syncFolder(target_.has_parent_path() ? target_.parent_path() : fs::path("."));
}

void AtomicFile::write(const fs::path& target, std::string_view bytes, unsigned mode) {
  AtomicFile file(target, mode);
  const int fd = ::open(file.temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) throw std::runtime_error(failure("cannot create", file.temporary_, errno));
  if (::fchmod(fd, mode_t(mode)) != 0) {  // exactly `mode`, whatever the umask
    const int error = errno;
    ::close(fd);
    throw std::runtime_error(failure("cannot set the mode of", file.temporary_, error));
  }
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : ENOSPC;
      ::close(fd);
      throw std::runtime_error(failure("cannot write", target, error));
    }
    done += size_t(n);
  }
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    throw std::runtime_error(failure("cannot sync", target, error));
  }
  if (::close(fd) != 0) throw std::runtime_error(failure("cannot close", target, errno));
  if (::rename(file.temporary_.c_str(), target.c_str()) != 0)
    throw std::runtime_error(failure("cannot replace", target, errno));
  file.committed_ = true;
  syncFolder(target.has_parent_path() ? target.parent_path() : fs::path("."));
}

void AtomicFile::syncFolder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(failure("cannot open the folder", folder, errno));
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) throw std::runtime_error(failure("cannot sync the folder", folder, error));
}

}  // namespace slicewise
