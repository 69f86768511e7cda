#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "queue/SlurmCommand.h"

namespace slicewise {

// What Slurm says of one job.
struct SlurmJobStatus {
  std::string state;   // PENDING, RUNNING, COMPLETED, ...
  std::string reason;  // squeue's reason ("Resources"); empty when none
  std::optional<int> exitCode, signal;  // from scontrol or sacct, once it has ended
};

// The states of this user's Slurm jobs, from one `squeue` for all of them, read again at most
// every `refresh`, so that following many jobs costs one command per interval. A job squeue no
// longer lists (Slurm forgets ended jobs after MinJobAge) is asked of `scontrol show job`, then
// of `sacct` where accounting exists.
class SlurmJobTable {
 public:
  SlurmJobTable(SlurmCommand command, std::chrono::milliseconds refresh) : command_(command), refresh_(refresh) {}

  // The job's status; nullopt when Slurm does not know it (any more). `notBefore`: read squeue
  // again unless the last reading is at least that recent (a job submitted after it is absent).
  // Throws SlurmError when squeue cannot be run or the controller does not answer.
  std::optional<SlurmJobStatus> status(const std::string& jobId, std::chrono::steady_clock::time_point notBefore);

  // `scontrol show job` then `sacct`: the job's final state and exit code, when Slurm still knows.
  std::optional<SlurmJobStatus> lookUp(const std::string& jobId);

  const SlurmCommand& command() const { return command_; }

  // Parsers of the commands' output (kept apart for their tests).
  static std::map<std::string, SlurmJobStatus> parseSqueue(const std::string& out);
  static std::optional<SlurmJobStatus> parseScontrol(const std::string& out);
  static std::optional<SlurmJobStatus> parseSacct(const std::string& out, const std::string& jobId);

 private:
  void read();

  SlurmCommand command_;
  std::chrono::milliseconds refresh_;
  std::mutex mutex_;
  std::map<std::string, SlurmJobStatus> jobs_;
  std::optional<std::chrono::steady_clock::time_point> readAt_;
};

}  // namespace slicewise
