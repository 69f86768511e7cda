#include "files/OutputSet.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "files/CheckedFile.h"
#include "files/FileError.h"
#include "files/LeftoverFiles.h"

namespace fs = std::filesystem;

namespace slicewise {

namespace {

std::string quoted(const std::string& p) { return "'" + p + "'"; }

std::string folderOf(const std::string& target) {
  const fs::path p(target);
  return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}

std::string join(const std::string& folder, const std::string& name) {
  return (fs::path(folder) / name).string();
}

// A file just renamed into place, with the previous file it replaced kept as a hard link in
// the staging folder (empty when there was none or the file system has no hard links).
struct Placed {
  std::string target, backup;
};

}  // namespace

OutputSet::~OutputSet() { discard(); }

void OutputSet::discard() noexcept {
  for (const Staging& s : stagings_) {
    std::error_code ec;
    fs::remove_all(s.dir, ec);
  }
  stagings_.clear();
}

void OutputSet::protectInput(const std::string& path) {
  if (auto id = fileIdentity(path)) inputs_.emplace_back(*id, path);
}

void OutputSet::checkTarget(const std::string& target) const {
  if (target.empty()) throw FileError("no output file name given");
  if (const auto id = fileIdentity(target)) {
    for (const auto& [input, name] : inputs_)
      if (input == *id)
        throw FileError("refusing to write " + quoted(target) + ": it is the input " + quoted(name) +
                        " (same file); choose another output");
  }
  std::error_code ec;
  if (fs::is_directory(target, ec)) throw FileError("cannot write " + quoted(target) + ": it is a folder");
  const std::string folder = folderOf(target);
  if (!fs::is_directory(folder, ec))
    throw FileError("cannot write " + quoted(target) + ": the folder " + quoted(folder) + " does not exist");
}

OutputSet::Staging& OutputSet::stagingFor(const std::string& folder) {
  const fs::path key = fs::absolute(folder).lexically_normal();
  for (Staging& s : stagings_)
    if (fs::absolute(s.folder).lexically_normal() == key) return s;
  Staging s;
  s.folder = folder;
  s.dir = join(folder, newStagingName());
  if (::mkdir(s.dir.c_str(), 0700) != 0)
    throw FileError("cannot write into the folder " + quoted(folder) + ": " + std::strerror(errno));
  stagings_.push_back(std::move(s));
  return stagings_.back();
}

std::string OutputSet::stage(const std::string& target) {
  checkTarget(target);
  const std::string folder = folderOf(target);
  const std::string name = fs::path(target).filename().string();
  removeLeftovers(folder, name);
  Staging& s = stagingFor(folder);
  if (std::find(s.names.begin(), s.names.end(), name) != s.names.end())
    throw FileError(quoted(target) + " is written twice by one command");
  s.names.push_back(name);
  return join(s.dir, name);
}

void OutputSet::writeBytes(const std::string& target, std::string_view bytes) {
  CheckedFile file(stage(target), target);
  file.write(bytes);
  file.close();
}

void OutputSet::commit() {
  // Everything staged, including files a library wrote beside the named ones, in rename order:
  // those first, the named targets last (an .nhdr appears only once its data file is there).
  struct Move {
    std::string from, to, backup;
  };
  std::vector<Move> moves;
  try {
    for (const Staging& s : stagings_) {
      std::vector<std::string> extras;
      std::error_code ec;
      for (fs::directory_iterator it(s.dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (std::find(s.names.begin(), s.names.end(), name) == s.names.end()) extras.push_back(name);
      }
      if (ec) throw FileError("cannot write into the folder " + quoted(s.folder) + ": " + ec.message());
      std::sort(extras.begin(), extras.end());
      for (const auto& list : {extras, s.names})
        for (const std::string& name : list) {
          const std::string target = join(s.folder, name);
          std::error_code missing;
          if (!fs::is_regular_file(join(s.dir, name), missing))
            throw FileError("cannot write " + quoted(target) + ": nothing was written");
          checkTarget(target);
          syncFile(join(s.dir, name), target);
          moves.push_back({join(s.dir, name), target, join(s.dir, ".previous-" + name)});
        }
    }
  } catch (...) {
    discard();
    throw;
  }

  std::vector<Placed> placed;
  for (const Move& m : moves) {
    // Keep the file being replaced, so a later failure can put it back.
    std::string backup;
    if (::link(m.to.c_str(), m.backup.c_str()) == 0) backup = m.backup;
    if (::rename(m.from.c_str(), m.to.c_str()) != 0) {
      const int error = errno;
      for (auto p = placed.rbegin(); p != placed.rend(); ++p) {
        if (!p->backup.empty())
          (void)::rename(p->backup.c_str(), p->target.c_str());
        else
          (void)::unlink(p->target.c_str());
      }
      discard();
      throw FileError("cannot write " + quoted(m.to) + ": " + std::strerror(error));
    }
    placed.push_back({m.to, backup});
  }
  for (const Staging& s : stagings_) syncFolder(s.folder);
  discard();
}

void writeFileAtomically(const std::string& path, std::string_view bytes, const std::vector<std::string>& inputs) {
  OutputSet out;
  for (const auto& input : inputs) out.protectInput(input);
  out.writeBytes(path, bytes);
  out.commit();
}

}  // namespace slicewise
