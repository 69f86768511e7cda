#pragma once

#include <cstdint>
#include <vector>

#include "model/Proposal.h"
#include "model/SliceMarks.h"

namespace slicewise {

// The order a person reviews a proposal in (DESIGN §4: uncertainty-ordered review): its
// predicted slices (not the keys it was made from, nor slices a person keyed since), lowest
// confidence first; against a second proposal on the same axis, greatest disagreement first
// (1 - the mean Dice of the two slices), confidence breaking ties.
struct ReviewItem {
  int64_t slice = 0;
  float confidence = 0;    // of the proposal, in [0, 1]
  double disagreement = 0; // with the other proposal; 0 without one
  bool reviewed = false;   // marked accepted, corrected or rejected
};

class ReviewOrder {
 public:
  static std::vector<ReviewItem> compute(const Proposal& proposal, const SliceMarks& marks,
                                         const Proposal* other = nullptr);
  // The first `count` slices of the order that are neither reviewed nor on the worklist: where
  // another annotated slice would teach the predictor the most.
  static std::vector<int64_t> suggest(const std::vector<ReviewItem>& order, const SliceMarks& marks,
                                      SliceAxis axis, size_t count);
};

}  // namespace slicewise
