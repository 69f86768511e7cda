#pragma once

#include "predict/KeyedSlicePredictor.h"

namespace slicewise {

// The paper's baseline: every slice copies its nearest key slice (ties to the lower index), so
// label IDs stay valid and an empty-here key empties the slices nearer to it.
class NearestPredictor final : public KeyedSlicePredictor {
 public:
  std::string name() const override { return "nearest"; }

 protected:
  void fillBetweenKeys(KeySliceJob& job) const override;
};

}  // namespace slicewise
