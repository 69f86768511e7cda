#pragma once

#include <array>
#include <string_view>

namespace slicewise {

// The radiological CT display windows (level and width in HU) that the viewer offers and the
// networks' intensity normalisation chooses from: one table, so that a network sees a volume
// in a window a radiologist would recognise.
struct CtWindowPreset {
  std::string_view name;
  double level = 0, width = 0;

  double low() const { return level - 0.5 * width; }
  double high() const { return level + 0.5 * width; }
};

inline constexpr std::array<CtWindowPreset, 4> kCtWindowPresets{{
    {"soft tissue", 40, 400},
    {"lung", -600, 1500},
    {"bone", 400, 2000},
    {"brain", 40, 80},
}};

// The preset of that name (one of kCtWindowPresets'); soft tissue for any other name.
constexpr const CtWindowPreset& ctWindowPreset(std::string_view name) {
  for (const CtWindowPreset& preset : kCtWindowPresets)
    if (preset.name == name) return preset;
  return kCtWindowPresets[0];
}

}  // namespace slicewise
