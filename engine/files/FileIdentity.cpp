#include "files/FileIdentity.h"

#include <sys/stat.h>

namespace slicewise {

std::optional<FileIdentity> fileIdentity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileIdentity{uint64_t(st.st_dev), uint64_t(st.st_ino)};
}

bool isSameFile(const std::string& a, const std::string& b) {
  const auto ia = fileIdentity(a);
  return ia && ia == fileIdentity(b);
}

}  // namespace slicewise
