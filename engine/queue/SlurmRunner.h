#pragma once

#include <memory>

#include "queue/SlurmBatchScript.h"
#include "queue/SlurmCommand.h"
#include "queue/TrainingRunner.h"

namespace slicewise {

class SlurmJobTable;

struct SlurmRunnerOptions {
  std::filesystem::path trainer;  // as every node sees it (the same path, or shared storage)
  std::string partition;          // empty: the cluster's default partition
  std::string gres;               // e.g. gpu:1
  int maxSubmitted = 100;         // attempts one worker keeps in Slurm at once
  bool arrays = true;             // several due at once go as one job array
  double pollSeconds = 2;         // how often squeue is read
  int aliveSeconds = 15;          // how often a running job touches its sign-of-life file
  double lostAfterSeconds = 120;  // a RUNNING job without a sign of life for this long is lost
  double secondsPerIteration = 1; // for --time when no earlier attempt measured the job
  double commandTimeoutSeconds = 30;
};

// Runs the queue's attempts as Slurm batch jobs (sbatch of a generated script that runs the
// trainer on the job folder, which lies on storage every node sees) and follows them through
// squeue/scontrol (sacct where accounting exists) and the job folder: the script's exit file, its
// sign-of-life file, the trainer's progress. Attempts outlive the worker: a worker that restarts
// follows them again by their Slurm job ID. A job Slurm ends with its node (NODE_FAIL,
// BOOT_FAIL, PREEMPTED) or that stops showing signs of life while Slurm still lists it as
// running is a dead attempt: the worker resumes it from its checkpoint, `failed` after the last.
class SlurmRunner : public TrainingRunner {
 public:
  static constexpr const char* kName = "slurm";

  explicit SlurmRunner(SlurmRunnerOptions options);
  ~SlurmRunner() override;

  std::string name() const override { return kName; }
  int capacity() const override { return options_.maxSubmitted; }
  bool outlivesWorker() const override { return true; }
  std::unique_ptr<RunningTraining> start(const TrainingRequest& request) override;
  std::vector<std::unique_ptr<RunningTraining>> startMany(const std::vector<TrainingRequest>& requests) override;
  std::unique_ptr<RunningTraining> attach(const TrainingRequest& request, const std::string& runnerJobId) override;

  // Whether Slurm answers here (squeue runs and reaches the controller); throws a SlurmError
  // that says what is wrong, before any job is claimed.
  void checkReachable() const;
  // `scancel ID` (for `queue cancel` when no worker follows the job). Throws SlurmError.
  static void cancel(const std::string& runnerJobId, const SlurmCommand& command = SlurmCommand());

 private:
  SlurmScriptSettings settingsFor(const std::vector<TrainingRequest>& requests) const;
  std::string submit(const std::filesystem::path& script) const;

  SlurmRunnerOptions options_;
  SlurmCommand command_;
  std::shared_ptr<SlurmJobTable> table_;
};

}  // namespace slicewise
