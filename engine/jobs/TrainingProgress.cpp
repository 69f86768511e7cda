#include "jobs/TrainingProgress.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace slicewise {

std::string_view trainingStateName(TrainingProgress::State state) {
  switch (state) {
    case TrainingProgress::State::Predicting: return "predicting";
    case TrainingProgress::State::Finished: return "finished";
    case TrainingProgress::State::Failed: return "failed";
    case TrainingProgress::State::Training: break;
  }
  return "training";
}

nlohmann::json toJson(const TrainingProgress& p) {
  return {{"state", std::string(trainingStateName(p.state))},
          {"iteration", p.iteration},
          {"iterations", p.iterations},
          {"loss", p.loss},
          {"elapsed_seconds", p.elapsedSeconds},
          {"iterations_per_second", p.iterationsPerSecond},
          {"eta_seconds", p.etaSeconds ? nlohmann::json(*p.etaSeconds) : nlohmann::json(nullptr)},
          {"checkpoint_iteration", p.checkpointIteration},
          {"resumed_from_iteration", p.resumedFromIteration},
          {"device", p.device},
          {"message", p.message}};
}

TrainingProgress trainingProgressFromJson(const nlohmann::json& j) {
  try {
    TrainingProgress p;
    const std::string state = j.at("state").get<std::string>();
    bool known = false;
    for (auto s : {TrainingProgress::State::Training, TrainingProgress::State::Predicting,
                   TrainingProgress::State::Finished, TrainingProgress::State::Failed})
      if (trainingStateName(s) == state) {
        p.state = s;
        known = true;
      }
    if (!known) throw std::invalid_argument("unknown training state '" + state + "'");
    p.iteration = j.at("iteration").get<int64_t>();
    p.iterations = j.at("iterations").get<int64_t>();
    p.loss = j.at("loss").get<double>();
    p.elapsedSeconds = j.at("elapsed_seconds").get<double>();
    p.iterationsPerSecond = j.at("iterations_per_second").get<double>();
    if (!j.at("eta_seconds").is_null()) p.etaSeconds = j.at("eta_seconds").get<double>();
    p.checkpointIteration = j.at("checkpoint_iteration").get<int64_t>();
    p.resumedFromIteration = j.at("resumed_from_iteration").get<int64_t>();
    p.device = j.at("device").get<std::string>();
    p.message = j.at("message").get<std::string>();
    return p;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("malformed progress record: ") + e.what());
  }
}

}  // namespace slicewise
