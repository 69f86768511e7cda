#pragma once

#include <vector>

#include "model/LabelVolume.h"
#include "model/SliceAxis.h"

namespace slicewise {

// Hard labels made soft, so that an interpolator's slice can be averaged with a network's
// softmax: each label's signed distance map d (mm, positive inside, DistanceTransform) becomes
// a logit d / tau beside background's 0, and their softmax the probabilities. For one label
// that is the logistic of d / tau; the arg-max gives the labels back unchanged.
class LabelProbabilities {
 public:
  // Adds the probabilities of `slice` (plane's size, u fastest) over `classes` (ascending,
  // classes[0] = 0 background) to `sum` (classes.size() x pixels). A label of the slice that is
  // not among the classes counts as background. tauMm > 0.
  static void accumulate(const std::vector<Label>& slice, const SlicePlane& plane,
                         const std::vector<Label>& classes, double tauMm, float* sum);
};

}  // namespace slicewise
