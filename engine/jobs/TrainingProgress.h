#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace slicewise {

// What a trainer reports about its job in progress.json, rewritten whole every second or so, so
// that the queue, a cluster runner or a person with `cat` can follow it.
struct TrainingProgress {
  enum class State : uint8_t { Training, Predicting, Finished, Failed };

  State state = State::Training;
  int64_t iteration = 0;          // iterations done
  int64_t iterations = 0;         // the iteration budget
  double loss = 0;                // training loss, smoothed over the last iterations
  double elapsedSeconds = 0;      // training time of this run and the runs it resumed
  double iterationsPerSecond = 0;
  std::optional<double> etaSeconds;
  int64_t checkpointIteration = 0;  // iterations saved in the last checkpoint (0: none yet)
  int64_t resumedFromIteration = 0; // where this run started (0: from scratch)
  std::string device;
  std::string message;            // why training stopped, or why the job failed

  bool operator==(const TrainingProgress&) const = default;
};

std::string_view trainingStateName(TrainingProgress::State state);
nlohmann::json toJson(const TrainingProgress& progress);
// Throws std::invalid_argument on a malformed record.
TrainingProgress trainingProgressFromJson(const nlohmann::json& object);

}  // namespace slicewise
