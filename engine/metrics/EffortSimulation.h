#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "model/LabelVolume.h"
#include "model/SliceAxis.h"
#include "model/Volume.h"
#include "predict/SlicePredictor.h"

namespace slicewise {

// Plays a radiologist from the truth to measure how much of a full manual segmentation is still
// done by hand (issue "review and correct"):
//  - round 1 draws the selector's slices (keys = truth);
//  - each round the predictor fills every non-key slice; a predicted slice whose Dice against
//    the truth (mean over the labels present in either; 1 when both are empty) reaches the
//    threshold is accepted as it is; of the rest, the K with the lowest confidence are corrected
//    to the truth; accepted and corrected slices are keys in the next round;
//  - after the last round every slice still below the threshold is corrected.
// Effort = (drawn key slices that hold a label + for each corrected slice min(1, wrongly labelled
// voxels / truth-labelled voxels of the slice), or of the mean labelled voxels per labelled slice
// when the slice's truth is empty) / slices holding a label in the truth.
struct EffortOptions {
  SliceAxis axis = SliceAxis::Axial;
  double acceptDice = 0.95;
  int rounds = 1;
  int correctionsPerRound = -1;  // < 0: the number of keys drawn in round 1
  uint64_t seed = 0;
  std::string device = "cpu";
};

struct EffortRound {
  int drawn = 0, accepted = 0, corrected = 0;
  double correctionCost = 0;  // the corrections' share of a slice's work, summed
};

struct EffortResult {
  std::vector<EffortRound> rounds;  // the final corrections are counted in the last round
  int drawn = 0, accepted = 0, corrected = 0;
  int drawnWithLabel = 0;
  int labelledSlices = 0;  // slices of the truth holding any label
  double effortFraction = 0;
  double finalDice = 0;  // mean Dice over labels, whole volume
  // Spearman rank correlation between confidence and Dice over the first round's predicted
  // slices; empty when fewer than two slices or no variation.
  std::optional<double> confidenceDiceSpearman;
};

class EffortSimulation {
 public:
  // `keys`: the slices drawn in round 1 (the selector's worklist).
  static EffortResult run(const Volume& image, const LabelVolume& truth, const std::vector<int64_t>& keys,
                          const SlicePredictor& predictor, const EffortOptions& options);

  // Mean Dice over the labels present in either slice buffer; 1 when both are empty.
  static double sliceDice(const std::vector<Label>& truth, const std::vector<Label>& predicted);
  // Spearman's rho with average ranks for ties; nullopt when undefined.
  static std::optional<double> spearman(const std::vector<double>& x, const std::vector<double>& y);
};

}  // namespace slicewise
