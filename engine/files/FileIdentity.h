#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace slicewise {

// What makes two paths the same file: device and inode, after following symlinks. Two names
// (a hard link, a symlink, "./a" and "a") of one file compare equal.
struct FileIdentity {
  uint64_t device = 0;
  uint64_t inode = 0;
  bool operator==(const FileIdentity&) const = default;
};

// Empty when nothing (or a dangling symlink) is at `path`.
std::optional<FileIdentity> fileIdentity(const std::string& path);
bool isSameFile(const std::string& a, const std::string& b);

}  // namespace slicewise
