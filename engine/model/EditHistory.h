#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <vector>

#include "model/UndoRecord.h"

namespace slicewise {

class AnnotationEditor;

// Undo and redo over committed edits, bounded by the bytes its records hold: when a new step
// would exceed the budget, the oldest steps are dropped first (a person can always undo the most
// recent work). A new step clears the redo side.
class EditHistory {
 public:
  explicit EditHistory(size_t byteBudget = size_t(256) << 20) : budget_(byteBudget) {}

  void push(std::shared_ptr<const UndoRecord> record);
  bool canUndo() const { return !done_.empty(); }
  bool canRedo() const { return !undone_.empty(); }
  // Undoes / redoes one step on the editor; an empty change set when there is none.
  ChangeSet undo(AnnotationEditor& editor);
  ChangeSet redo(AnnotationEditor& editor);
  void clear();

  const UndoRecord* nextUndo() const { return done_.empty() ? nullptr : done_.back().get(); }
  const UndoRecord* nextRedo() const { return undone_.empty() ? nullptr : undone_.back().get(); }
  size_t undoCount() const { return done_.size(); }
  size_t redoCount() const { return undone_.size(); }
  size_t bytes() const { return bytes_; }
  size_t budget() const { return budget_; }
  size_t droppedSteps() const { return dropped_; }

 private:
  void trim();

  size_t budget_;
  size_t bytes_ = 0;
  size_t dropped_ = 0;
  std::deque<std::shared_ptr<const UndoRecord>> done_;
  std::vector<std::shared_ptr<const UndoRecord>> undone_;
};

}  // namespace slicewise
