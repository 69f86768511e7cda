#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "files/FileIdentity.h"

namespace slicewise {

// The files one command writes (a label map and its sidecar, an .nhdr and its data file, a label
// map and a confidence CSV), written whole and together or not at all. Each target is written
// under its own name into a staging folder beside it (see LeftoverFiles.h); commit() flushes
// every staged file to disk and then renames them over their targets. Until then no target
// changes; when a rename fails the targets renamed before it get their previous files back. A
// set destroyed without commit() removes what it staged. Files a library writes beside a staged
// file (an .nhdr's data file) are part of the set. Throws FileError with one line naming the
// target.
class OutputSet {
 public:
  OutputSet() = default;
  ~OutputSet();
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  // A file the command reads: no output may be it (same device and inode, through symlinks).
  void protectInput(const std::string& path);
  // Throws now when `target` is a protected input, a folder, or in a folder that does not
  // exist, so that a command can refuse before doing any work.
  void checkTarget(const std::string& target) const;

  // Where to write `target`: the same file name inside the staging folder beside it.
  std::string stage(const std::string& target);
  // Stages `target` holding `bytes`.
  void writeBytes(const std::string& target, std::string_view bytes);

  void commit();

 private:
  struct Staging {
    std::string folder;  // the targets' folder, as given
    std::string dir;     // the staging folder inside it
    std::vector<std::string> names;
  };
  Staging& stagingFor(const std::string& folder);
  void discard() noexcept;

  std::vector<Staging> stagings_;
  std::vector<std::pair<FileIdentity, std::string>> inputs_;
};

// One file written whole or not at all: `bytes` to `path`, never over `inputs`.
void writeFileAtomically(const std::string& path, std::string_view bytes,
                         const std::vector<std::string>& inputs = {});

}  // namespace slicewise
