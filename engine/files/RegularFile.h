#pragma once

#include <cstdint>
#include <string>

namespace slicewise {

// A file opened for reading only if it is a regular file. The open itself never blocks (a FIFO
// opened without O_NONBLOCK waits for a writer forever), and the check is made on the opened
// descriptor, so a file swapped for a FIFO or a device between a directory listing and the
// open is refused too. Libraries that take a path read the same file through procPath().
class RegularFile {
 public:
  // Throws FileError: "'x' is not a regular file (a FIFO)" or the reason it cannot be opened.
  explicit RegularFile(const std::string& path);
  ~RegularFile();
  RegularFile(const RegularFile&) = delete;
  RegularFile& operator=(const RegularFile&) = delete;

  int descriptor() const { return fd_; }
  uint64_t size() const { return size_; }
  // "/proc/self/fd/N": this very file, for libraries that open by name.
  std::string procPath() const;

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
};

// "a FIFO", "a character device", ... for the file type at `path` (lstat), "" for a regular
// file or when nothing is there.
std::string irregularFileKind(const std::string& path);

}  // namespace slicewise
