#pragma once

#include <string>

namespace slicewise {

// A folder filled under a hidden name beside its destination and renamed into place only when
// complete, so that an interrupted retrieve (a failure, a cancel, a killed process) never leaves
// a folder under the destination's name: ".NAME.partial-PID-N" in the same parent, created
// readable by its owner only and removed when the object goes without commit().
class PartialFolder {
 public:
  // Throws PacsError when `destination` exists or the folder cannot be made.
  explicit PartialFolder(const std::string& destination);
  ~PartialFolder();
  PartialFolder(const PartialFolder&) = delete;
  PartialFolder& operator=(const PartialFolder&) = delete;

  const std::string& path() const { return path_; }
  // Flushes every file to disk and renames the folder to the destination. Throws PacsError.
  void commit();

  // Removes the partial folders in `parent` whose process is gone (a crash, a kill).
  static void removeAbandoned(const std::string& parent);

 private:
  std::string destination_;
  std::string path_;
  bool committed_ = false;
};

}  // namespace slicewise
