#pragma once

#include <cstdint>
#include <vector>

#include "model/LabelVolume.h"
#include "model/SliceAxis.h"

namespace slicewise {

// The evaluation protocol's input: a full label map reduced to the given slices along an axis
// (everything else background), as if a person had annotated only those.
LabelVolume keepOnlySlices(const LabelVolume& full, SliceAxis axis,
                           const std::vector<int64_t>& slices);

}  // namespace slicewise
