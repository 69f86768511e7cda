#include "files/MemoryBudget.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <string>

namespace slicewise {

namespace {

uint64_t cgroupLimit() {
  // cgroup v2 first, then v1; "max" or an absurd v1 default means no limit.
  for (const char* file : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(file);
    std::string text;
    if (!(in >> text) || text == "max") continue;
    try {
      const uint64_t v = std::stoull(text);
      if (v > 0 && v < (uint64_t(1) << 60)) return v;
    } catch (...) {
    }
  }
  return std::numeric_limits<uint64_t>::max();
}

uint64_t mappedBytes() {
  std::ifstream in("/proc/self/statm");
  uint64_t pages = 0;
  in >> pages;
  return pages * uint64_t(::sysconf(_SC_PAGESIZE));
}

uint64_t rlimitLeft(int resource) {
  struct rlimit rl {};
  if (::getrlimit(resource, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return std::numeric_limits<uint64_t>::max();
  const uint64_t limit = uint64_t(rl.rlim_cur), used = mappedBytes();
  return limit > used ? limit - used : 0;
}

}  // namespace

uint64_t usableMemoryBytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), pageSize = ::sysconf(_SC_PAGESIZE);
  uint64_t usable = pages > 0 && pageSize > 0 ? uint64_t(pages) * uint64_t(pageSize)
                                              : std::numeric_limits<uint64_t>::max();
  usable = std::min({usable, cgroupLimit(), rlimitLeft(RLIMIT_AS), rlimitLeft(RLIMIT_DATA)});
  return usable;
}

std::string formatBytes(uint64_t bytes) {
  static const char* units[] = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  double v = double(bytes);
  int u = 0;
  while (v >= 1024.0 && u < 6) v /= 1024.0, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

uint64_t saturatingProduct(std::initializer_list<uint64_t> factors) {
  uint64_t p = 1;
  for (uint64_t f : factors) {
    if (f == 0) return 0;
    if (p > std::numeric_limits<uint64_t>::max() / f) p = std::numeric_limits<uint64_t>::max();
    else p *= f;
  }
  return p;
}

uint64_t saturatingSum(uint64_t a, uint64_t b) {
  return a > std::numeric_limits<uint64_t>::max() - b ? std::numeric_limits<uint64_t>::max() : a + b;
}

}  // namespace slicewise
