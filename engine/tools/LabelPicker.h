#pragma once

#include <optional>

#include "model/LabelVolume.h"
#include "tools/SlicePoint.h"

namespace slicewise {

// The label under a point of a slice (the picker makes it the active label); nothing outside.
class LabelPicker {
 public:
  static std::optional<Label> pick(const LabelVolume& labels, const SliceLocation& slice, SlicePoint at);
};

}  // namespace slicewise
