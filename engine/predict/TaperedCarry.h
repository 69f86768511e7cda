#pragma once

#include <cstdint>
#include <vector>

#include "model/LabelVolume.h"
#include "model/SliceAxis.h"

namespace slicewise {

// The slices beyond the outermost key: the outermost key carried outwards, each label shrinking
// as it shrank over the last gap between keys. Its area falls by the same ratio per gap (a
// geometric taper that never ends a structure abruptly), and its outline is the level of its own
// distance map that encloses that area, so it shrinks inwards from its outline. A label that grew
// towards the outermost key, or is absent from the next one, is carried as it is.
class TaperedCarry {
 public:
  // outer: the outermost key's labels; inner: the next key's, gapSlices from it.
  TaperedCarry(const std::vector<Label>& outer, const std::vector<Label>& inner,
               const SlicePlane& plane, int64_t gapSlices);

  // The labels of the slice `distance` slices beyond the outermost key.
  std::vector<Label> at(int64_t distance) const;

 private:
  struct Shrinking {
    std::vector<size_t> pixels;  // the label's pixels on the outermost key, deepest first
    std::vector<float> depths;   // their depth (mm) on the smoothed distance map, descending
    double ratioPerSlice = 1;
  };
  std::vector<Label> outer_;
  std::vector<Shrinking> shrinking_;
};

}  // namespace slicewise
