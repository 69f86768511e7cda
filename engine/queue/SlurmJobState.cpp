#include "queue/SlurmJobState.h"

#include <array>
#include <utility>

namespace slicewise {

SlurmStateMeaning slurmStateMeaning(std::string_view state) {
  // sacct writes "CANCELLED by 1000"; scontrol and squeue the bare name.
  if (const size_t space = state.find(' '); space != std::string_view::npos) state = state.substr(0, space);
  static const std::array<std::pair<std::string_view, SlurmStateMeaning>, 24> table{{
      {"PENDING", {SlurmAttempt::Waiting, "waiting in Slurm's queue"}},
      {"CONFIGURING", {SlurmAttempt::Waiting, "its node is being set up"}},
      {"POWER_UP_NODE", {SlurmAttempt::Waiting, "its node is powering up"}},
      {"REQUEUED", {SlurmAttempt::Waiting, "requeued by Slurm"}},
      {"REQUEUE_FED", {SlurmAttempt::Waiting, "requeued by Slurm"}},
      {"REQUEUE_HOLD", {SlurmAttempt::Waiting, "requeued and held by Slurm"}},
      {"RESV_DEL_HOLD", {SlurmAttempt::Waiting, "held: its reservation was deleted"}},
      {"SUSPENDED", {SlurmAttempt::Waiting, "suspended by Slurm"}},
      {"STOPPED", {SlurmAttempt::Waiting, "stopped by Slurm"}},
      {"RUNNING", {SlurmAttempt::Running, "running"}},
      {"COMPLETING", {SlurmAttempt::Running, "finishing"}},
      {"STAGE_OUT", {SlurmAttempt::Running, "staging out"}},
      {"SIGNALING", {SlurmAttempt::Running, "being signalled"}},
      {"RESIZING", {SlurmAttempt::Running, "being resized"}},
      {"COMPLETED", {SlurmAttempt::Ended, "completed"}},
      {"FAILED", {SlurmAttempt::Ended, "failed"}},
      {"TIMEOUT", {SlurmAttempt::Failed, "Slurm stopped it at its time limit (--time)"}},
      {"OUT_OF_MEMORY", {SlurmAttempt::Failed, "Slurm stopped it: it ran out of memory"}},
      {"DEADLINE", {SlurmAttempt::Failed, "Slurm stopped it at its deadline"}},
      {"SPECIAL_EXIT", {SlurmAttempt::Failed, "Slurm held it after a special exit"}},
      {"REVOKED", {SlurmAttempt::Failed, "Slurm revoked it (it ran on another cluster)"}},
      {"NODE_FAIL", {SlurmAttempt::NodeLost, "its node failed"}},
      {"BOOT_FAIL", {SlurmAttempt::NodeLost, "its node failed to boot"}},
      {"PREEMPTED", {SlurmAttempt::NodeLost, "a job of higher priority preempted it"}},
  }};
  for (const auto& [name, meaning] : table)
    if (name == state) return meaning;
  if (state == "CANCELLED") return {SlurmAttempt::Cancelled, "cancelled in Slurm (scancel)"};
  return {SlurmAttempt::Failed, "Slurm reports a state this Slicewise does not know: " + std::string(state)};
}

std::string_view queueStateForSlurm(std::string_view state, int exitCode, int attemptsLeft) {
  switch (slurmStateMeaning(state).attempt) {
    case SlurmAttempt::Waiting:
    case SlurmAttempt::Running: return "running";
    case SlurmAttempt::Cancelled: return "cancelled";
    case SlurmAttempt::Ended:
      if (exitCode == 0 && state.substr(0, 9) == "COMPLETED") return "done";
      break;
    case SlurmAttempt::Failed:
    case SlurmAttempt::NodeLost: break;
  }
  return attemptsLeft > 0 ? "queued" : "failed";
}

}  // namespace slicewise
