#pragma once

#include "jobs/UNetParameters.h"
#include "model/Volume.h"

namespace slicewise {

// Maps a volume's intensities to the few units around 0 a network trains well on, once per
// volume so that all its slices share one scale: a CT window mapped to [-1, 1], or a robust
// z-score ((value - median) / (IQR / 1.349), clipped to +-5), chosen as UNetParameters says, or
// the identity (IntensityMode::None: pixels normalised by their creator). Torch-free, so that
// the cohort model job normalises its members exactly as the trainer normalises a study.
class IntensityNormaliser {
 public:
  static IntensityNormaliser fit(const Volume& volume, const UNetParameters& parameters);

  IntensityMode mode() const { return mode_; }
  float operator()(float value) const {
    const float z = (value - centre_) * inverseScale_;
    return z < -limit_ ? -limit_ : (z > limit_ ? limit_ : z);
  }
  void apply(float* values, size_t count) const {
    for (size_t i = 0; i < count; ++i) values[i] = (*this)(values[i]);
  }

 private:
  IntensityMode mode_ = IntensityMode::ZScore;
  float centre_ = 0, inverseScale_ = 1, limit_ = 5;
};

}  // namespace slicewise
