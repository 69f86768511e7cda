#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>

#include "jobs/TrainingProgress.h"

namespace slicewise {

// Runs one job folder to its proposal: the trainer executable's whole work, in the same ml
// library that `predict` and `evaluate` use. Holds the folder's lock, resumes from its checkpoint,
// writes progress.json about once a second, weights.pt and the proposal at the end.
class JobRunner {
 public:
  struct Options {
    std::string device;   // overrides the job's device when not empty
    int threads = 0;      // overrides the job's thread count when > 0
    double progressSeconds = 1.0;  // how often progress.json is rewritten
    // Called whenever progress.json is written (the trainer prints a line from it).
    std::function<void(const TrainingProgress&)> onProgress;
    // Set (by a signal handler) to stop after the current iteration with a checkpoint.
    const std::atomic<bool>* stop = nullptr;
  };

  enum class Result { Finished, AlreadyFinished, Stopped };

  // Throws JobError (folder, lock, files) or std::exception (training failed: progress.json then
  // says "failed" with the reason).
  static Result run(const std::filesystem::path& folder, const Options& options);
};

}  // namespace slicewise
