#pragma once

#include <string>

#include "model/Annotation.h"

namespace slicewise {

// A fingerprint of the keys a predictor working along `axis` would start from: which slices are
// keys, how they are marked, and every label voxel in them. A proposal stores it when it is made;
// when the annotation's fingerprint differs later, the keys changed and the proposal is stale.
// 16 hex digits (64-bit FNV-1a).
std::string keyStateHash(const Annotation& annotation, SliceAxis axis);

}  // namespace slicewise
