#pragma once

#include <nlohmann/json.hpp>

#include "select/AxisAdvice.h"

namespace slicewise::cli {

// {"recommended": "coronal" | null, "finest_axis", "anisotropic", "anisotropy", "reason",
//  "axes": {"axial": {"slice_spacing_mm", "in_plane_mm": [u, v], "slices"}, ...}}
nlohmann::json axisAdviceJson(const AxisAdvice& advice);

}  // namespace slicewise::cli
