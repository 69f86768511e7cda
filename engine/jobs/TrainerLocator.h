#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace slicewise {

// Which trainer executable runs a job (DESIGN §2): the path given (--trainer), else
// $SLICEWISE_TRAINER, else slicewise-train beside the running executable (the build tree and an
// installation alike), so an administrator can point a workstation at a CUDA build of the trainer.
class TrainerLocator {
 public:
  static constexpr const char* kVariable = "SLICEWISE_TRAINER";
  static constexpr const char* kExecutable = "slicewise-train";

  // The trainer, or nullopt with *reason naming what was tried.
  static std::optional<std::filesystem::path> find(const std::string& givenPath, std::string* reason);
};

}  // namespace slicewise
