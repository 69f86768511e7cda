#pragma once

#include "queue/TrainingRunner.h"

namespace slicewise {

// Runs the trainer as a child process of the worker: in a process group of its own (a Ctrl-C at
// the worker's terminal does not reach it; the worker decides how it stops), with the parent-death
// signal set to SIGKILL, so a worker killed in any way takes its trainer along and no orphan keeps
// a GPU busy. The trainer's output goes to trainer.log in the job folder.
class LocalProcessRunner : public TrainingRunner {
 public:
  static constexpr const char* kLogFile = "trainer.log";

  explicit LocalProcessRunner(std::filesystem::path trainer);
  std::string name() const override { return "local"; }
  std::unique_ptr<RunningTraining> start(const TrainingRequest& request) override;

 private:
  std::filesystem::path trainer_;
};

}  // namespace slicewise
