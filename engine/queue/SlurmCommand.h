#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace slicewise {

// A Slurm command that could not run or did not succeed, said in one line a user can act on.
class SlurmError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SlurmCommandResult {
  int exitCode = 0;
  std::string out, err;
};

// Runs Slurm's client commands (sbatch, squeue, scontrol, scancel, sacct) as child processes
// with a time limit, inheriting the environment (SLURM_CONF and the rest of Slurm's variables).
// Failures become SlurmErrors that say what is wrong: the command is not installed, the
// controller cannot be reached, authentication failed, or the command's own first error line.
class SlurmCommand {
 public:
  explicit SlurmCommand(std::chrono::milliseconds timeout = std::chrono::seconds(30)) : timeout_(timeout) {}

  // The command's exit status and output; throws when it cannot be started or runs too long.
  SlurmCommandResult run(const std::vector<std::string>& argv) const;
  // Its standard output; throws when it exits with a failure.
  std::string check(const std::vector<std::string>& argv) const;
  // The one line that explains a failed command, from its standard error.
  static std::string explain(const std::string& command, const SlurmCommandResult& result);

 private:
  std::chrono::milliseconds timeout_;
};

}  // namespace slicewise
