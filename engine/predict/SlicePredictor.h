#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/LabelVolume.h"
#include "model/Proposal.h"
#include "model/Provenance.h"
#include "model/SliceAxis.h"
#include "model/Volume.h"

namespace slicewise {

// Called now and then with the fraction done in [0, 1]; returning false cancels the prediction.
using PredictionProgress = std::function<bool(double fractionDone)>;

// Thrown by predict() when the progress callback asked to stop.
class PredictionCancelled : public std::runtime_error {
 public:
  PredictionCancelled() : std::runtime_error("prediction cancelled") {}
};

// Everything a predictor may look at. Only `labels`, `axis` and `keySlices` are required;
// interpolators ignore the image, seed and device, networks need them.
struct PredictionInput {
  const LabelVolume* labels = nullptr;             // sparse: only the key slices are meaningful
  const ProvenanceVolume* provenance = nullptr;    // drawn/accepted voxels come out unchanged
  const Volume* image = nullptr;                   // same grid as labels
  SliceAxis axis = SliceAxis::Axial;
  // Slices marked done or empty-here on `axis`, ascending. A key without any label is an
  // "empty-here" key: every label stops there.
  std::vector<int64_t> keySlices;
  uint64_t seed = 0;
  std::string device = "cpu";
  PredictionProgress progress;
};

// Fills the slices between key slices. The result is a Proposal (a separate layer): key slices
// carry the keys' labels and confidence 1, every other slice a prediction with a confidence in
// [0, 1] (DESIGN §2). Implementations are stateless, so one instance may serve several threads.
class SlicePredictor {
 public:
  virtual ~SlicePredictor() = default;
  virtual std::string name() const = 0;
  // The predictor's parameters as a JSON object, stored with the proposal.
  virtual std::string parametersJson() const { return "{}"; }
  // Whether the predictor looks at the image (PredictionInput::image); callers should then
  // give it one. Without it such an interpolator falls back to what it does on a flat image.
  virtual bool followsImage() const { return false; }
  // Throws std::invalid_argument on inconsistent input (no keys, a key out of range, grids
  // that differ) and PredictionCancelled when the progress callback says so.
  virtual Proposal predict(const PredictionInput& input) const = 0;
};

// The interpolating predictors of this library by name: "nearest", "shape" (monotone cubic),
// "shape-linear", "morph", "guided" (shape interpolation following the image). nullptr for an
// unknown name.
std::unique_ptr<SlicePredictor> makeInterpolationPredictor(std::string_view name);
std::vector<std::string> interpolationPredictorNames();

}  // namespace slicewise
