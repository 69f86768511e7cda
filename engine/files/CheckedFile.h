#pragma once

#include <string>
#include <string_view>

namespace slicewise {

// A new file written through its descriptor with every write, the flush to disk and the close
// checked: a full disk, a file size limit or a failing device ends in FileError naming
// `displayName` (the file the user asked for, not the temporary path) and the system's reason.
class CheckedFile {
 public:
  // Creates `path`, which must not exist yet.
  CheckedFile(const std::string& path, std::string displayName);
  ~CheckedFile();  // closes without checking; call close() to learn whether it worked
  CheckedFile(const CheckedFile&) = delete;
  CheckedFile& operator=(const CheckedFile&) = delete;

  void write(std::string_view bytes);
  // fsync, then close.
  void close();

 private:
  [[noreturn]] void fail(int error) const;
  int fd_ = -1;
  std::string displayName_;
};

// fsync of an existing file (one a library wrote); throws FileError naming displayName.
void syncFile(const std::string& path, const std::string& displayName);
// fsync of a folder, so renames in it survive a power cut; best effort (some file systems
// refuse it and nothing can be done then).
void syncFolder(const std::string& path);

// Why a file a library wrote came out short, when the library did not say: "the file size
// limit is 64.0 KB (ulimit -f)" when the file reached RLIMIT_FSIZE, "no space left on the
// device" when its file system is (nearly) full, else "the file was not written completely".
std::string shortWriteReason(const std::string& path);

}  // namespace slicewise
