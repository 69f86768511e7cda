#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace slicewise {

// What one attempt at a job runs: its folder (everything the trainer needs is there) and how.
struct TrainingRequest {
  int64_t queueJobId = 0;
  int attempt = 1;
  std::filesystem::path jobFolder;
  std::string device;  // empty: the job's own
  int threads = 0;     // 0: the job's own (normally every core)
  int64_t iterations = 0;                // what the job trains for (a cluster's time limit follows)
  std::optional<double> lastEtaSeconds;  // what an earlier attempt still had to go, if it ran
};

// How an attempt ended.
struct TrainingExit {
  int exitCode = 0;  // the trainer's exit status; -1 when a signal ended it
  int signal = 0;
  // Set by a runner whose scheduler ended the attempt for a reason of its own ("Slurm job 12
  // ended NODE_FAIL: its node failed"); describe() then says this.
  std::string detail;
  // Cancelled from outside the queue (scancel by hand, an administrator): the job is cancelled,
  // not tried again.
  bool cancelledOutside = false;
  bool succeeded() const { return exitCode == 0 && signal == 0 && detail.empty() && !cancelledOutside; }
  std::string describe() const;  // "exit code 3", "killed by signal 9 (Killed)", or the detail
};

// One attempt in progress, wherever it runs.
class RunningTraining {
 public:
  virtual ~RunningTraining() = default;
  // The runner's handle for it: a process ID, a cluster scheduler's job ID.
  virtual std::string runnerJobId() const = 0;
  // Without blocking: nullopt while it runs.
  virtual std::optional<TrainingExit> poll() = 0;
  // Asks the trainer to stop (it checkpoints on SIGTERM), waits up to `grace`, then kills it.
  // Returns when it has ended.
  virtual TrainingExit stop(std::chrono::milliseconds grace) = 0;
  // The last bytes the trainer wrote to its output, for the job's log.
  virtual std::string outputTail(size_t maxBytes) const = 0;
  // The scheduler's word for where the attempt is ("PENDING (Resources)", "RUNNING"); empty for a
  // child process, which simply runs.
  virtual std::string schedulerState() const { return {}; }
};

// Runs a job folder's trainer somewhere: a child process on this machine (LocalProcessRunner),
// or a cluster scheduler (SlurmRunner). The worker claims, heartbeats and records; a runner only starts,
// watches and stops attempts, and every bit of a job's state stays in its job folder.
class TrainingRunner {
 public:
  virtual ~TrainingRunner() = default;
  virtual std::string name() const = 0;  // stored with the job ("local", "slurm")
  // Throws std::runtime_error when the attempt cannot be started.
  virtual std::unique_ptr<RunningTraining> start(const TrainingRequest& request) = 0;
  // How many attempts one worker keeps going at once: one on a workstation's own GPU; a cluster
  // scheduler queues as many as it is given.
  virtual int capacity() const { return 1; }
  // Starts several attempts at once (a cluster runner submits them as one job array); the result
  // follows the order of `requests`. Throws when none could be started.
  virtual std::vector<std::unique_ptr<RunningTraining>> startMany(const std::vector<TrainingRequest>& requests) {
    std::vector<std::unique_ptr<RunningTraining>> out;
    for (const auto& r : requests) out.push_back(start(r));
    return out;
  }
  // Whether attempts go on without the worker (a cluster job): a stopping worker then leaves them
  // running for the next worker to follow, instead of stopping them.
  virtual bool outlivesWorker() const { return false; }
  // Takes over an attempt that outlived the worker that started it (a cluster job goes on when
  // the workstation's worker restarts); nullptr when the runner cannot (a local child dies with
  // its worker).
  virtual std::unique_ptr<RunningTraining> attach(const TrainingRequest&, const std::string& /*runnerJobId*/) {
    return nullptr;
  }
};

}  // namespace slicewise
