#include "files/LeftoverFiles.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <filesystem>

namespace fs = std::filesystem;

namespace slicewise {

namespace {

constexpr std::string_view kPrefix = ".slicewise-partial-";

std::string hostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  std::string host;
  for (const char* c = buf; *c; ++c)
    // Dots become '_' so no part of the name can pass for a file extension (".img").
    host += std::isalnum(static_cast<unsigned char>(*c)) || *c == '-' ? *c : '_';
  return host.empty() ? "localhost" : host;
}

// "123" -> 123; -1 unless the whole text is digits.
long parsePid(std::string_view text) {
  if (text.empty() || text.size() > 9) return -1;
  long v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool removeIfDead(const fs::path& entry, long pid) {
  if (pid <= 0 || processIsRunning(pid)) return false;
  std::error_code ec;
  return fs::remove_all(entry, ec) > 0 && !ec;
}

}  // namespace

bool processIsRunning(long pid) {
  if (pid <= 0) return false;
  return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

std::string newStagingName() {
  static std::atomic<unsigned> counter{0};
  static const std::string host = hostName();
  return std::string(kPrefix) + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + host;
}

int removeLeftovers(const std::string& folder, const std::string& targetName) {
  static const std::string host = hostName();
  int removed = 0;
  std::error_code ec;
  fs::directory_iterator it(folder.empty() ? "." : folder, ec), end;
  if (ec) return 0;
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    const std::string name = it->path().filename().string();
    if (name.starts_with(kPrefix)) {
      // <pid>-<n>-<host>
      const std::string_view rest = std::string_view(name).substr(kPrefix.size());
      const size_t a = rest.find('-');
      const size_t b = a == std::string_view::npos ? a : rest.find('-', a + 1);
      if (b == std::string_view::npos || rest.substr(b + 1) != host) continue;
      removed += removeIfDead(it->path(), parsePid(rest.substr(0, a)));
    } else if (!targetName.empty() && name.size() > targetName.size() + 10 && name[0] == '.' &&
               name.ends_with(".partial." + targetName)) {
      // .<pid>.partial.<target>, the single temporaries written before staging folders.
      removed += removeIfDead(it->path(), parsePid(std::string_view(name).substr(1, name.size() - 10 - targetName.size())));
    } else if (!targetName.empty() && name.starts_with(targetName + ".tmp-")) {
      removed += removeIfDead(it->path(), parsePid(std::string_view(name).substr(targetName.size() + 5)));
    }
  }
  return removed;
}

}  // namespace slicewise
