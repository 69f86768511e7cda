#pragma once

#include <filesystem>
#include <string_view>

namespace slicewise {

// A file written whole or not at all: the bytes go to a temporary file beside the target, every
// write is checked, the file is synced, renamed over the target, and the folder is synced, so a
// reader (or a restart after a crash or SIGKILL) sees the old file or the new one, never a part.
// Kept small and local to job folders until the engine has one shared writer.
class AtomicFile {
 public:
  // Throws std::runtime_error naming the file and the reason; the target is then untouched.
  static void write(const std::filesystem::path& target, std::string_view bytes,
                    unsigned mode = 0600);

  // For writers that create the file themselves (LibTorch's archives): they write to
  // temporaryPath(), commit() syncs and renames it. An uncommitted temporary file is removed.
  explicit AtomicFile(std::filesystem::path target, unsigned mode = 0600);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::filesystem::path& temporaryPath() const { return temporary_; }
  void commit();

  // fsync of a folder, so that a rename or a new entry in it survives a power cut.
  static void syncFolder(const std::filesystem::path& folder);

 private:
  std::filesystem::path target_, temporary_;
  unsigned mode_;
  bool committed_ = false;
};

}  // namespace slicewise
