#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "queue/QueueDatabase.h"
#include "queue/ScheduleWindow.h"
#include "queue/TrainingRunner.h"

namespace slicewise {

struct WorkerOptions {
  std::string device;            // passed to every trainer; empty: each job's own
  int threads = 0;               // 0: each job's own
  ScheduleWindow window;         // when `tonight` jobs may start
  std::optional<int> untilMinute;  // stop at this local time (the next one after the start)
  bool once = false;             // return when nothing runnable is left
  double heartbeatSeconds = 2;
  double staleSeconds = 30;      // a running job whose heartbeat is older belongs to a dead worker
  double idlePollSeconds = 5;    // how often an idle worker looks for work
  double stopGraceSeconds = 20;  // how long a trainer may take to checkpoint when asked to stop
  // Where job folders go before they start (a cluster's shared storage that every node sees);
  // empty: they stay where `queue add` wrote them, beside the queue database.
  std::filesystem::path jobsRoot;
  WallClock clock = systemWallClock();  // decides the window and --until
  std::function<void(const std::string&)> report;  // one line per event, for the user
  const std::atomic<bool>* stopRequested = nullptr;  // set from a signal handler: stop soon
};

struct WorkerSummary {
  int done = 0, failed = 0, retried = 0, cancelled = 0, released = 0, recovered = 0, adopted = 0,
      leftRunning = 0;
};

// The queue's worker loop: finds jobs whose worker died (a stale heartbeat, or a worker process
// on this host that is gone) and puts them back, claims the most urgent runnable jobs (as many as
// the runner takes at once: one for a local trainer, many for a cluster), starts them through
// the runner, heartbeats and copies each trainer's progress.json into the queue, stops a trainer
// whose job is cancelled, and records the outcome: done with its result, or a failed attempt
// with the trainer's last output (failed for good after the job's last attempt). Attempts that
// outlive their worker (cluster jobs) are left running when the worker stops and followed again
// by the next one. The worker never opens a study: the study imports the finished proposal from
// the job folder.
class Worker {
 public:
  Worker(QueueDatabase& queue, TrainingRunner& runner, WorkerOptions options);
  // Runs until --until, a stop request or (with once) no runnable job is left.
  WorkerSummary run();
  const std::string& id() const { return id_; }
  // "host:pid" of this process.
  static std::string processWorkerId();

 private:
  enum class Outcome { Done, Failed, Retried, Cancelled, Released, LeftRunning };
  struct Active {
    QueueJob job;
    std::unique_ptr<RunningTraining> running;
    std::chrono::steady_clock::time_point nextBeat;
  };
  // Starts the claimed jobs (one batch: a cluster array); those that could not start are
  // recorded as failed attempts.
  void startAll(std::vector<QueueJob> jobs, std::vector<Active>& active, WorkerSummary& summary);
  // Moves a job's folder under options_.jobsRoot; false (the attempt recorded as failed) when it
  // cannot.
  bool relocate(QueueJob& job, WorkerSummary& summary);
  // Polls and heartbeats one attempt; an outcome once it has ended or is no longer this worker's.
  std::optional<Outcome> step(Active& a);
  // Records how an ended attempt went.
  Outcome record(const QueueJob& job, RunningTraining& running, const TrainingExit& exit);
  // What happens to the attempts still going when the worker stops.
  Outcome leave(Active& a);
  // Puts the jobs of dead workers back; those whose attempts outlived their worker (cluster
  // jobs) and that this runner can attach to are taken over instead (at most `room`).
  std::vector<Active> recoverStaleJobs(int room, int* recovered);
  TrainingRequest requestFor(const QueueJob& job) const;
  static void count(Outcome outcome, WorkerSummary& summary);
  bool windowOpen() const;
  bool shouldStop() const;
  void say(const std::string& line) const;

  QueueDatabase& queue_;
  TrainingRunner& runner_;
  WorkerOptions options_;
  std::string id_;
  std::optional<std::chrono::system_clock::time_point> deadline_;
};

}  // namespace slicewise
