#include "jobs/TrainerLocator.h"

#include <cstdlib>
#include <unistd.h>

namespace fs = std::filesystem;

namespace slicewise {

namespace {

bool executable(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

}  // namespace

std::optional<fs::path> TrainerLocator::find(const std::string& givenPath, std::string* reason) {
  const auto fail = [&](const std::string& why) -> std::optional<fs::path> {
    if (reason) *reason = why;
    return std::nullopt;
  };
  // A path someone chose is never silently replaced by another trainer.
  if (!givenPath.empty())
    return executable(givenPath) ? std::optional<fs::path>(givenPath)
                                 : fail("the trainer '" + givenPath + "' is not an executable file");
  if (const char* env = std::getenv(kVariable); env && *env)
    return executable(env) ? std::optional<fs::path>(env)
                           : fail(std::string("$") + kVariable + " names '" + env +
                                  "', which is not an executable file");
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return fail("cannot tell where this program lives to find " + std::string(kExecutable));
  const fs::path beside = self.parent_path() / kExecutable;
  if (executable(beside)) return beside;
  return fail(std::string(kExecutable) + " is not installed beside " + self.string() +
              " (give --trainer PATH or set $" + kVariable + ")");
}

}  // namespace slicewise
