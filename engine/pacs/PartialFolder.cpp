#include "pacs/PartialFolder.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>

#include "pacs/PacsError.h"

namespace slicewise {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMarker = ".partial-";

void syncPath(const fs::path& p, int flags) {
  const int fd = ::open(p.c_str(), flags);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

PartialFolder::PartialFolder(const std::string& destination) : destination_(destination) {
  const fs::path dest = fs::absolute(fs::path(destination)).lexically_normal();
  std::error_code ec;
  if (fs::exists(dest, ec)) throw PacsError(destination + " exists already; give a new folder");
  const fs::path parent = dest.parent_path();
  fs::create_directories(parent, ec);
  if (ec) throw PacsError("cannot create " + parent.string() + ": " + ec.message());
  static std::atomic<int> counter{0};
  std::string name(1, '.');  // appended piecewise: GCC 12 warns falsely on "." + std::string
  name += dest.filename().string();
  name += kMarker;
  name += std::to_string(::getpid()) + "-" + std::to_string(++counter);
  const fs::path tmp = parent / name;
  fs::remove_all(tmp, ec);
  if (::mkdir(tmp.c_str(), S_IRWXU) != 0)
    throw PacsError("cannot create a folder in " + parent.string() + ": " + std::generic_category().message(errno));
  path_ = tmp.string();
  destination_ = dest.string();
}

PartialFolder::~PartialFolder() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void PartialFolder::commit() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(path_, ec))
    if (entry.is_regular_file()) syncPath(entry.path(), O_RDONLY);
  syncPath(path_, O_RDONLY | O_DIRECTORY);
  if (fs::exists(destination_, ec)) throw PacsError(destination_ + " appeared while retrieving; left it as it is");
  fs::rename(path_, destination_, ec);
  if (ec) throw PacsError("cannot rename the retrieved folder to " + destination_ + ": " + ec.message());
  syncPath(fs::path(destination_).parent_path(), O_RDONLY | O_DIRECTORY);
  committed_ = true;
}

void PartialFolder::removeAbandoned(const std::string& parent) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    const size_t at = name.rfind(kMarker);
    if (name.empty() || name[0] != '.' || at == std::string::npos || !entry.is_directory()) continue;
    const std::string rest = name.substr(at + std::string(kMarker).size());
    const pid_t pid = pid_t(std::strtol(rest.c_str(), nullptr, 10));
    if (pid <= 0 || (::kill(pid, 0) != 0 && errno == ESRCH)) {
      std::error_code ignored;
      fs::remove_all(entry.path(), ignored);
    }
  }
}

}  // namespace slicewise
