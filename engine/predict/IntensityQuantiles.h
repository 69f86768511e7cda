#pragma once

#include <cstdint>
#include <vector>

#include "model/SliceAxis.h"
#include "model/Volume.h"

namespace slicewise {

// Maps a volume's intensities to their rank in the volume, in [0, 1] (histogram equalisation),
// so that registration sees the same contrast in CT (where a few hundred HU of soft tissue sit
// between air at -1000 and bone) and MRI (arbitrary units): whatever the scanner, the tissue that
// fills most of the volume gets most of the range. Ties (a CT's air) map to the middle of their
// rank range.
class IntensityQuantiles {
 public:
  explicit IntensityQuantiles(const Volume& volume);

  float normalise(float value) const;
  // The noise of the normalised image: a robust (median) estimate of the standard deviation of
  // each voxel about the mean of its four in-plane neighbours, over voxels not in a flat
  // background, scaled to the noise of one voxel.
  float noise(const Volume& volume, const SlicePlane& plane) const;
  // One slice of the volume, normalised (u fastest).
  std::vector<float> slice(const Volume& volume, const SlicePlane& plane, int64_t index) const;

 private:
  std::vector<float> knots_;  // ascending values at equally spaced ranks 0 .. 1
  // For integer volumes: the normalised value of every integer from lutFirst_ on.
  std::vector<float> lut_;
  int64_t lutFirst_ = 0;
};

}  // namespace slicewise
