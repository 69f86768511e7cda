#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace slicewise {

// Where a job is in its life. `scheduled` waits for the night window, `queued` may run at once;
// `running` belongs to one worker (its heartbeat says it is alive); done, failed and cancelled
// are final until `queue retry`.
enum class QueueState : uint8_t { Queued, Scheduled, Running, Done, Failed, Cancelled };
// When a job may start: as soon as a worker is free, or inside the worker's night window.
enum class QueueWhen : uint8_t { Now, Tonight };

std::string_view queueStateName(QueueState state);
std::optional<QueueState> queueStateFromName(std::string_view name);
std::string_view queueWhenName(QueueWhen when);
std::optional<QueueWhen> queueWhenFromName(std::string_view name);

// What a new job needs: the study it belongs to and its job folder, already written.
struct QueueJobRequest {
  std::string study;           // absolute study folder
  std::string folder;          // absolute job folder (engine/jobs/README.md)
  std::string predictor = "unet";
  std::string axis = "axial";
  std::string parametersJson = "{}";
  std::string keyState;
  int priority = 0;            // higher runs first
  QueueWhen when = QueueWhen::Now;
  std::string device = "auto";
  int maxAttempts = 2;
};

// One row of the queue, as `queue list --json` shows it. Times are Unix seconds (0: not yet),
// the heartbeat Unix milliseconds.
struct QueueJob {
  int64_t id = 0;
  QueueJobRequest request;
  QueueState state = QueueState::Queued;
  double progress = 0;               // 0..1
  int64_t iteration = 0, iterations = 0;
  std::optional<double> etaSeconds;
  double loss = 0;
  std::string deviceUsed;            // what the trainer reported
  int64_t created = 0, started = 0, finished = 0, updated = 0;
  int attempts = 0;
  std::string log;                   // one entry per failed attempt, with the trainer's last lines
  std::string worker;                // "host:pid" of the worker that runs it
  int64_t heartbeatMs = 0;
  std::string runner, runnerJobId;   // "local" + the trainer's PID; a cluster runner its job id
  std::string runnerState;           // a cluster scheduler's state of the attempt ("PENDING (Resources)")
  std::string resultJson = "{}";     // slices predicted, mean confidence, training seconds
};

}  // namespace slicewise
