#include "model/LabelTable.h"

#include <array>
#include <cmath>

namespace slicewise {

void LabelTable::set(const LabelInfo& info) {
  if (info.id != 0) labels_[info.id] = info;
}

void LabelTable::remove(Label id) { labels_.erase(id); }

const LabelInfo* LabelTable::find(Label id) const {
  auto it = labels_.find(id);
  return it == labels_.end() ? nullptr : &it->second;
}

std::vector<Label> LabelTable::ids() const {
  std::vector<Label> out;
  for (const auto& [id, info] : labels_) out.push_back(id);
  return out;
}

Rgb LabelTable::defaultColor(Label id) {
  // The first colours follow ITK-SNAP's defaults people know; later ids walk the hue circle by
  // the golden angle so neighbouring ids stay distinguishable.
  static constexpr std::array<Rgb, 8> first{{{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0},
                                             {0, 255, 255}, {255, 0, 255}, {255, 239, 213},
                                             {0, 0, 205}}};
  if (id == 0) return {0, 0, 0};
  if (id <= first.size()) return first[id - 1];
  const double hue = std::fmod(double(id) * 137.50776, 360.0) / 60.0;
  const double x = 1.0 - std::abs(std::fmod(hue, 2.0) - 1.0);
  double r = 0, g = 0, b = 0;
  switch (int(hue)) {
    case 0: r = 1; g = x; break;
    case 1: r = x; g = 1; break;
    case 2: g = 1; b = x; break;
    case 3: g = x; b = 1; break;
    case 4: r = x; b = 1; break;
    default: r = 1; b = x; break;
  }
  auto c = [](double v) { return uint8_t(std::lround(40 + 215 * v)); };
  return {c(r), c(g), c(b)};
}

LabelInfo LabelTable::infoOrDefault(Label id) const {
  if (const LabelInfo* info = find(id)) return *info;
  return LabelInfo{id, "Label " + std::to_string(id), defaultColor(id), true, false};
}

void LabelTable::addMissing(const std::vector<Label>& ids) {
  for (Label id : ids)
    if (id != 0 && !find(id)) set(infoOrDefault(id));
}

}  // namespace slicewise
