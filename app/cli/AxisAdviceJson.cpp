#include "AxisAdviceJson.h"

namespace slicewise::cli {

nlohmann::json axisAdviceJson(const AxisAdvice& advice) {
  nlohmann::json axes = nlohmann::json::object();
  for (SliceAxis axis : kAllAxes) {
    const auto& a = advice.axes[size_t(axis)];
    axes[std::string(axisName(axis))] = {{"slice_spacing_mm", a.sliceSpacingMm},
                                         {"in_plane_mm", a.inPlaneMm},
                                         {"slices", a.sliceCount}};
  }
  return {{"recommended", advice.recommended ? nlohmann::json(std::string(axisName(*advice.recommended)))
                                             : nlohmann::json(nullptr)},
          {"finest_axis", std::string(axisName(advice.finest))},
          {"anisotropic", advice.anisotropic},
          {"anisotropy", advice.anisotropy},
          {"reason", advice.reason},
          {"axes", axes}};
}

}  // namespace slicewise::cli
