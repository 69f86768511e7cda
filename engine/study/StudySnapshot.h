#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "model/LabelTable.h"
#include "model/SliceMarks.h"

namespace slicewise {

// The pending changes of a study copied at one moment, so that they can be written on another
// thread while editing goes on. Slices are storage slices (voxel index along dimension 2).
struct StudySnapshot {
  struct Slice {
    std::vector<uint16_t> labels;
    std::vector<uint8_t> provenance;
  };
  uint64_t sequence = 0;  // order of taking: writes happen in this order
  std::map<int64_t, Slice> slices;
  std::optional<SliceMarks> marks;        // set when the marks changed
  std::optional<LabelTable> labelTable;   // set when the label table changed

  bool empty() const { return slices.empty() && !marks && !labelTable; }
};

}  // namespace slicewise
