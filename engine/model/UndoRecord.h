#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/ChangeSet.h"
#include "model/LabelTable.h"
#include "model/SliceMarks.h"
#include "model/VoxelDelta.h"

namespace slicewise {

// One committed edit, enough to undo and redo it: the changed voxels only, the marks it changed
// (before and after) and, when it changed the label table, the table before and after. Kept
// small: a history holds thousands of them.
struct UndoRecord {
  struct MarkChange {
    SliceRef slice;
    SliceMark before, after;
  };

  struct TableChange {
    LabelTable before, after;
  };

  std::string description;  // "brush", "fill", "accept axial 12", ...
  VoxelDelta voxels;
  std::vector<MarkChange> marks;
  std::unique_ptr<TableChange> table;  // set only when the label table changed

  bool empty() const { return voxels.empty() && marks.empty() && !table; }
  // Memory the record holds, for the history's byte budget.
  size_t bytes() const;
};

}  // namespace slicewise
