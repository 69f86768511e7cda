#pragma once

#include <memory>
#include <string>
#include <vector>

#include "jobs/EnsembleParameters.h"
#include "jobs/UNetParameters.h"
#include "predict/SlicePredictor.h"

namespace slicewise {

// The "ensemble" predictor: the mean of its members' per-pixel class probabilities, arg-maxed.
// A network member contributes its softmax; an interpolator its labels, each label's signed
// distance d (mm, positive inside, of the predicted slice's mask) made a probability by the
// softmax of (0 for background, d / tau for each label), which for one label is the logistic of
// d / tau: sure deep inside and far outside, uncertain within about tau of the outline, where
// interpolators err. A slice's confidence is the members' mean confidence times their agreement
// (the mean over member pairs of: pixels both give the same label / pixels either gives a label,
// 1 when both are empty), so slices where the members disagree rank low for review.
// Key slices are copied (confidence 1); drawn and accepted voxels keep their labels.
class EnsemblePredictor final : public SlicePredictor {
 public:
  // Throws std::invalid_argument for fewer than two members, an unknown member, more than one
  // network or a tau that is not positive.
  EnsemblePredictor(EnsembleParameters ensemble, UNetParameters network);
  ~EnsemblePredictor() override;

  std::string name() const override { return "ensemble"; }
  std::string parametersJson() const override;
  bool followsImage() const override;
  Proposal predict(const PredictionInput& input) const override;

 private:
  EnsembleParameters ensemble_;
  UNetParameters network_;
  std::string networkName_;  // empty without a network member
  std::vector<std::unique_ptr<SlicePredictor>> interpolators_;
};

}  // namespace slicewise
