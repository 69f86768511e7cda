#pragma once

#include "predict/KeyedSlicePredictor.h"

namespace slicewise {

// Morphological contour interpolation in the spirit of Albu et al. 2008 (what 3D Slicer's "fill
// between slices" does), our own. Between each pair of consecutive keys, per label:
//  - the 8-connected components of the two keys are matched by overlap; components left over
//    are matched to a partner they cover by at least half once the centroids are aligned;
//  - a matched pair is interpolated by conditional dilation of its intersection inside its union
//    against erosion of the union (MorphologicalMedian: the median shape half-way). A pair
//    matched only after alignment, or one that overlaps more once aligned, is interpolated with
//    centroids aligned, the result moving along the straight line between the two centroids;
//  - one component matched to several (a split or a merge) is first cut into the parts nearest
//    each partner, and each part is interpolated with its partner in place; several matched to
//    several are interpolated as two unions;
//  - a component on one key only (also every component next to an empty-here key) shrinks to
//    its deepest point by half-way, as the cap of an ellipsoid closes (slowly at first).
// Labels are interpolated on their own; where two claim a pixel, the one the nearer key has
// there wins. Intervals are independent, so they run in parallel.
class MorphologicalContourPredictor final : public KeyedSlicePredictor {
 public:
  std::string name() const override { return "morph"; }

 protected:
  void fillBetweenKeys(KeySliceJob& job) const override;
};

}  // namespace slicewise
