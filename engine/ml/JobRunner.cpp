#include "ml/JobRunner.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "jobs/JobFolder.h"
#include "jobs/JobLock.h"
#include "ml/UNetPredictor.h"

namespace slicewise {

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

JobRunner::Result JobRunner::run(const std::filesystem::path& path, const Options& options) {
  const JobFolder folder = JobFolder::open(path);
  std::string reason;
  const auto lock = JobLock::tryAcquire(path, &reason);
  if (!lock) throw JobError(reason);
  if (folder.hasProposal()) return Result::AlreadyFinished;

  const JobDescription& job = folder.description();
  UNetParameters parameters = job.parameters;
  if (options.threads > 0) parameters.threads = options.threads;
  parameters.encoderWeights = folder.encoderWeightsPath().string();
  parameters.initialWeights = folder.initialWeightsPath().string();

  TrainingProgress progress;
  progress.iterations = parameters.iterations;
  progress.device = options.device.empty() ? job.device : options.device;
  const auto report = [&] {
    folder.writeProgress(progress);
    if (options.onProgress) options.onProgress(progress);
  };

  try {
    const Volume image = folder.readImage();
    const LabelVolume labels = folder.readLabels();
    const std::optional<ProvenanceVolume> provenance = folder.readProvenance();
    PredictionInput input;
    input.image = &image;
    input.labels = &labels;
    input.provenance = provenance ? &*provenance : nullptr;
    input.axis = job.axis;
    input.keySlices = job.keySlices;
    input.seed = job.seed;
    input.device = progress.device;

    auto lastReport = Clock::now() - std::chrono::hours(1);
    TrainingSession session;
    session.checkpoint = folder.checkpointPath();
    session.onIteration = [&](const TrainingStatus& s) {
      const bool stop = options.stop && options.stop->load();
      const bool checkpointed = s.checkpointIteration != progress.checkpointIteration;
      progress.iteration = s.iteration;
      progress.loss = s.smoothedLoss;
      progress.elapsedSeconds = s.elapsedSeconds;
      progress.iterationsPerSecond = s.iterationsPerSecond;
      progress.etaSeconds = s.iterationsPerSecond > 0
                                ? std::optional<double>(double(s.iterations - s.iteration) / s.iterationsPerSecond)
                                : std::nullopt;
      progress.checkpointIteration = s.checkpointIteration;
      progress.resumedFromIteration = s.resumedFromIteration;
      progress.device = s.device;
      if (stop || checkpointed ||
          std::chrono::duration<double>(Clock::now() - lastReport).count() >= options.progressSeconds) {
        report();
        lastReport = Clock::now();
      }
      return !stop;
    };

    TrainingOutcome outcome;
    Proposal proposal;
    try {
      proposal = UNetPredictor(parameters).predict(input, session, folder.weightsPath(), &outcome);
    } catch (const PredictionCancelled&) {
      progress.checkpointIteration = outcome.iterations;
      progress.message = "stopped at iteration " + std::to_string(outcome.iterations) +
                         "; run the job again to resume from its checkpoint";
      report();
      return Result::Stopped;
    }
    proposal.keyState = job.keyState;
    progress.iteration = outcome.iterations;
    progress.loss = outcome.finalLoss;
    progress.elapsedSeconds = outcome.seconds;
    progress.etaSeconds = 0.0;
    progress.checkpointIteration = outcome.iterations;
    const nlohmann::json parameters = nlohmann::json::parse(proposal.parametersJson);
    progress.device = parameters.value("device", progress.device);
    folder.writeProposal(proposal, {{"iterations", outcome.iterations},
                                    {"stop_reason", outcome.stopReason},
                                    {"training_seconds", outcome.seconds},
                                    {"first_loss", outcome.firstLoss},
                                    {"final_loss", outcome.finalLoss},
                                    {"resumed_from_iteration", outcome.resumedFromIteration},
                                    {"device", progress.device},
                                    {"initial_tensors", outcome.initialTensors}});
    progress.state = TrainingProgress::State::Finished;
    progress.message = "stopped by " + outcome.stopReason;
    report();
    return Result::Finished;
  } catch (const std::exception& e) {
    progress.state = TrainingProgress::State::Failed;
    progress.message = e.what();
    try {
      report();
    } catch (const std::exception&) {
      // The original failure is the one worth reporting.
    }
    throw;
  }
}

}  // namespace slicewise
