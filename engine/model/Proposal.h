#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/LabelVolume.h"
#include "model/SliceAxis.h"

namespace slicewise {

// A predictor's output: a separate layer, never written into the LabelVolume directly.
// Review accepts it slice by slice.
struct Proposal {
  std::string predictor;       // "nearest", "shape", "unet", ...
  std::string parametersJson;  // the predictor's parameters, as given, for provenance
  SliceAxis axis = SliceAxis::Axial;
  LabelVolume labels;
  std::vector<float> sliceConfidence;  // one per slice along axis, in [0, 1]; keys are 1
  std::vector<int64_t> keySlices;      // the key slices it was computed from
  std::string keyState;                // keyStateHash() of the annotation it was computed from
  int64_t createdUnixSeconds = 0;
};

}  // namespace slicewise
