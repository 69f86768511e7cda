#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "jobs/UNetParameters.h"
#include "ml/UNetTrainer.h"
#include "predict/SlicePredictor.h"

namespace slicewise {

// The per-volume network predictor ("unet", "deeplab" or "manet", as the parameters' architecture
// says): a 2D network trained from scratch on the volume's key slices only (an empty key teaches background), then run on every other slice, including those
// beyond the outermost keys. Key slices are copied as they are (confidence 1) and drawn or
// accepted voxels keep their labels; a predicted slice's confidence comes from the softmax (see
// UNetTrainer::predict). Needs the image; uses PredictionInput's seed and device.
class UNetPredictor final : public SlicePredictor {
 public:
  explicit UNetPredictor(UNetParameters parameters = {});

  std::string name() const override { return std::string(architectureName(parameters_.architecture)); }
  std::string parametersJson() const override;
  Proposal predict(const PredictionInput& input) const override;

  // The same with a hosting session (a checkpoint to resume from and save to, an observer), the
  // weights written to `weightsFile` when not empty, and the training outcome in *outcome.
  // Throws PredictionCancelled when the observer or the progress callback stopped training.
  Proposal predict(const PredictionInput& input, const TrainingSession& session,
                   const std::filesystem::path& weightsFile, TrainingOutcome* outcome) const;

  // Trains as predict() does, then hands the softmax of every slice that is not a key to `sink`
  // in ascending slice order: classes x pixels (u fastest), classes in classLabels order ([0] is
  // background). *parametersJson receives what predict() stores with its proposal.
  using ProbabilitySink =
      std::function<void(int64_t slice, const std::vector<Label>& classLabels, const float* probabilities)>;
  void predictProbabilities(const PredictionInput& input, const ProbabilitySink& sink,
                            std::string* parametersJson) const;

  const UNetParameters& parameters() const { return parameters_; }

 private:
  UNetParameters parameters_;
};

}  // namespace slicewise
