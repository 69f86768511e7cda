#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/LabelVolume.h"

namespace slicewise {

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};

struct LabelInfo {
  Label id = 0;
  std::string name;
  Rgb color;
  bool visible = true;
  bool locked = false;  // a locked label is never painted over
  bool operator==(const LabelInfo&) const = default;
};

// Names, colours and flags of the labels of one study; id 0 is background and is not stored.
class LabelTable {
 public:
  void set(const LabelInfo& info);
  void remove(Label id);
  const LabelInfo* find(Label id) const;
  std::vector<Label> ids() const;
  size_t size() const { return labels_.size(); }
  bool empty() const { return labels_.empty(); }
  const std::map<Label, LabelInfo>& all() const { return labels_; }

  // Entry for `id`, or a generated "Label <id>" with a distinct default colour.
  LabelInfo infoOrDefault(Label id) const;
  // Adds default entries for ids not in the table yet.
  void addMissing(const std::vector<Label>& ids);
  static Rgb defaultColor(Label id);
  bool operator==(const LabelTable&) const = default;

 private:
  std::map<Label, LabelInfo> labels_;
};

}  // namespace slicewise
