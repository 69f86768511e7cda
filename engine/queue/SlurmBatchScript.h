#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace slicewise {

// What every batch script of one worker asks Slurm for and runs.
struct SlurmScriptSettings {
  std::filesystem::path trainer;  // the trainer as the nodes see it
  std::string partition;          // empty: the cluster's default
  std::string gres;               // e.g. gpu:1; empty: none
  std::string device;             // the trainer's --device; empty: the job's own
  int threads = 0;                // --cpus-per-task and the trainer's --threads; 0: Slurm's default
  int timeMinutes = 0;            // --time; 0: the partition's default
  int aliveSeconds = 15;          // how often the job touches its sign-of-life file
};

// The time limit for an attempt: what is left of the job (an earlier attempt's ETA) or its
// iterations at `secondsPerIteration`, times 1.5, plus ten minutes for start-up and the proposal.
int slurmTimeLimitMinutes(int64_t iterations, std::optional<double> lastEtaSeconds, double secondsPerIteration);

// The batch script for one job folder (an attempt's Slurm job ID is its runner job ID). The
// trainer's output goes to the folder's trainer.log, Slurm's own to slurm-<ID>.out beside it;
// the script touches slurm-<ID>.alive while it runs and leaves the trainer's exit status in
// slurm-<ID>.exit.
std::string slurmJobScript(const SlurmScriptSettings& settings, const std::filesystem::path& jobFolder,
                           const std::string& jobName);

// One job array for many folders: task i runs the folder on line i + 1 of `folderList`; each
// task's runner job ID is ARRAYID_TASK. Slurm's own output goes to `outputFolder`.
std::string slurmArrayScript(const SlurmScriptSettings& settings, const std::filesystem::path& folderList,
                             size_t tasks, const std::filesystem::path& outputFolder, const std::string& jobName);

// A path as one single-quoted shell word.
std::string shellQuote(const std::string& text);

}  // namespace slicewise
