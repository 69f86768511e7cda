#pragma once

#include "predict/KeySliceJob.h"
#include "predict/SlicePredictor.h"

namespace slicewise {

// The frame every interpolating predictor shares: key slices copied as they are (confidence 1),
// the slices beyond the outermost keys carrying the outermost key, copied or tapered (low
// confidence), drawn voxels restored, and a per-slice confidence that falls with the distance
// (mm) to the nearest key and with how much the two enclosing keys differ (1 - their mean Dice).
// Subclasses fill only the slices strictly between consecutive keys.
class KeyedSlicePredictor : public SlicePredictor {
 public:
  Proposal predict(const PredictionInput& input) const final;

  // Confidence of an interpolated slice dMm from its nearest key, between keys whose mean Dice
  // is keyDice: exp(-dMm / 20 mm) * (0.5 + 0.5 keyDice).
  static float interpolatedConfidence(double dMm, double keyDice);
  // Confidence of a slice dMm beyond the outermost key (carried outwards): 0.5 exp(-dMm / 20 mm).
  static float carriedConfidence(double dMm);
  // Mean Dice over the labels present in either slice; 1 when both are empty.
  static double sliceDice(const std::vector<Label>& a, const std::vector<Label>& b);

 protected:
  virtual void fillBetweenKeys(KeySliceJob& job) const = 0;
  // Whether the slices beyond the outermost keys taper (TaperedCarry) instead of copying the
  // outermost key: for predictors that follow shapes, not for those that copy.
  virtual bool tapersBeyondKeys() const { return false; }
};

}  // namespace slicewise
