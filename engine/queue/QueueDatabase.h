#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "queue/QueueConnection.h"
#include "queue/QueueJob.h"

namespace slicewise {

// What a worker learnt from a job's progress.json, stored with its heartbeat.
struct QueueProgress {
  double progress = 0;
  int64_t iteration = 0, iterations = 0;
  std::optional<double> etaSeconds;
  double loss = 0;
  std::string device;
  std::string runnerState;  // the runner's word for the attempt (a Slurm job state); empty for a local one
};

// The overnight queue's database (SQLite, WAL): one file on the workstation that the app, the CLI
// and any number of workers open at once. Claiming a job is one BEGIN IMMEDIATE transaction, so
// a job runs on exactly one worker; every change a worker makes to a running job is conditional
// on the job still being its own, so a job cancelled or taken over meanwhile is left alone.
// SQLite's locks do not work over network file systems: the database stays on a local disk.
class QueueDatabase {
 public:
  static constexpr int kSchemaVersion = 2;
  static constexpr const char* kFileName = "queue.sqlite";

  // Opens (creating it and its folder, 0700, when absent) the queue at `path`.
  explicit QueueDatabase(const std::filesystem::path& path);
  ~QueueDatabase();

  // $XDG_DATA_HOME/slicewise/queue/queue.sqlite (XDG_DATA_HOME defaults to ~/.local/share).
  static std::filesystem::path defaultPath();

  const std::filesystem::path& path() const { return path_; }
  // Job folders live beside the database: <folder of the database>/jobs.
  std::filesystem::path jobsFolder() const;

  int64_t add(const QueueJobRequest& request);
  std::optional<QueueJob> find(int64_t id);
  std::vector<QueueJob> list();

  // Takes the most urgent runnable job (queued; scheduled too when `windowOpen`): highest
  // priority, then oldest. It becomes running under `worker`, its attempts count one more.
  std::optional<QueueJob> claim(const std::string& worker, const std::string& runner, bool windowOpen);
  // Whether a job could be claimed now (for `worker --once`).
  bool hasRunnable(bool windowOpen);
  void setRunnerJobId(int64_t id, const std::string& worker, const std::string& runnerJobId,
                      const std::string& runnerState = {});
  // The worker moved the job's folder (onto a cluster's shared storage, --jobs-root): later
  // attempts and the study's import use the new place. False when the job is not its own any more.
  bool moveFolder(int64_t id, const std::string& worker, const std::string& folder);

  // Records the heartbeat and progress; false when the job is no longer this worker's (it was
  // cancelled, or taken over as stale), so the worker stops its trainer.
  bool heartbeat(int64_t id, const std::string& worker, const QueueProgress& progress);
  // The job finished: done, progress 1, with the result (JSON object).
  bool finish(int64_t id, const std::string& worker, const std::string& resultJson);
  // An attempt failed: the entry goes into the log; the job waits for another attempt
  // (queued, or scheduled for a night job) or, after its last, is failed. Returns the new state.
  QueueState attemptFailed(int64_t id, const std::string& worker, const std::string& logEntry);
  // The runner's scheduler cancelled the attempt (an administrator's scancel): the job is
  // cancelled, with the entry in its log. False when it is not this worker's any more.
  bool cancelRunning(int64_t id, const std::string& worker, const std::string& logEntry);
  // The worker stops before the job ended (its --until time, SIGTERM): the job goes back to wait,
  // and this attempt does not count.
  bool release(int64_t id, const std::string& worker, const std::string& note);
  // Running jobs and the workers that hold them, for stale-worker detection.
  struct Holder {
    int64_t id;
    std::string worker;
    int64_t heartbeatMs;
  };
  std::vector<Holder> runningJobs();
  // A running job whose worker is gone but whose attempt goes on (a cluster job): `worker` takes
  // it over without a new attempt. False when `from` does not hold it any more.
  bool adopt(int64_t id, const std::string& from, const std::string& worker);
  // A running job whose worker is gone: as a failed attempt (it resumes from its checkpoint).
  // Nothing happens when it is not held by `worker` any more. Returns the new state.
  std::optional<QueueState> recoverStale(int64_t id, const std::string& worker, const std::string& why);

  // `queue cancel`: queued, scheduled or running become cancelled (a running job's worker stops
  // its trainer at its next heartbeat). Returns the state it had; throws for an unknown job or
  // one that has ended.
  QueueState cancel(int64_t id);
  // `queue retry`: a failed or cancelled job waits again with its attempts reset.
  void retry(int64_t id);

  // Unix milliseconds of the system clock (heartbeats compare these across processes).
  static int64_t nowMs();

 private:
  void appendLog(int64_t id, const std::string& entry);

  std::filesystem::path path_;
  std::unique_ptr<QueueConnection> db_;
};

}  // namespace slicewise
