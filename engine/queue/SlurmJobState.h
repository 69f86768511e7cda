#pragma once

#include <string>
#include <string_view>

namespace slicewise {

// What a Slurm job state means for the queue's attempt that it runs.
enum class SlurmAttempt {
  Waiting,    // not started yet (PENDING, CONFIGURING, REQUEUED, ...): the job stays `running` in the queue
  Running,    // the trainer runs, or the job is finishing (RUNNING, COMPLETING, ...)
  Ended,      // it ended by itself (COMPLETED, FAILED): the trainer's exit status decides
  Failed,     // Slurm ended it (TIMEOUT, OUT_OF_MEMORY, DEADLINE, ...): a failed attempt
  NodeLost,   // it went with its node (NODE_FAIL, BOOT_FAIL, PREEMPTED): a dead attempt, resumed
  Cancelled,  // scancel: the job is cancelled in the queue
};

struct SlurmStateMeaning {
  SlurmAttempt attempt = SlurmAttempt::Failed;
  std::string explanation;  // for the job's log: "Slurm ended it at its time limit (--time)"
};

// Reads a state as squeue (%T), scontrol (JobState=) or sacct (State, "CANCELLED by 0") write it.
// A state this build does not know counts as a failed attempt that names it.
SlurmStateMeaning slurmStateMeaning(std::string_view state);

// The queue state a job shows while or after its Slurm job is in `state`, for one attempt of
// `attemptsLeft` more: "running", "done" (COMPLETED with exit code 0), "queued" (tried again from
// its checkpoint), "failed" (no attempt left) or "cancelled".
std::string_view queueStateForSlurm(std::string_view state, int exitCode, int attemptsLeft);

}  // namespace slicewise
