#include "queue/JobFolderMove.h"

#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

namespace fs = std::filesystem;

namespace slicewise {

fs::path moveJobFolder(const fs::path& from, const fs::path& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec))
    throw std::runtime_error("the jobs root " + root.string() + " is not a folder");
  const fs::path to = root / from.filename();
  if (fs::exists(to, ec)) {
    // An earlier attempt moved it but did not get to record the move.
    if (fs::exists(to / "job.json", ec)) return to;
    throw std::runtime_error(to.string() + " exists and is not this job's folder");
  }
  std::string hidden = ".";
  hidden += from.filename().string();
  hidden += ".moving." + std::to_string(::getpid());
  const fs::path staging = root / hidden;
  fs::remove_all(staging, ec);
  fs::copy(from, staging, fs::copy_options::recursive, ec);
  if (!ec) {
    ::chmod(staging.c_str(), 0700);
    fs::rename(staging, to, ec);
  }
  if (ec) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    throw std::runtime_error("cannot copy the job folder " + from.string() + " to " + to.string() + ": " +
                             ec.message());
  }
  return to;
}

}  // namespace slicewise
