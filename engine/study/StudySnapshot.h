#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "model/ChangeSet.h"
#include "model/LabelTable.h"
#include "model/SliceMarks.h"

namespace slicewise {

// The pending changes of a study copied at one moment, so that they can be written on another
// thread while editing goes on: only the dirty bricks (BrickGrid ids, voxels packed i fastest),
// the marks that changed and, when it changed, the label table.
struct StudySnapshot {
  struct Brick {
    std::vector<uint16_t> labels;
    std::vector<uint8_t> provenance;
  };
  uint64_t sequence = 0;  // order of taking: writes happen in this order
  std::map<int64_t, Brick> bricks;
  std::map<SliceRef, SliceMark> marks;   // a blank mark deletes the stored one
  std::optional<LabelTable> labelTable;  // set when the label table changed

  bool empty() const { return bricks.empty() && marks.empty() && !labelTable; }
};

}  // namespace slicewise
