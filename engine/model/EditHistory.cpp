#include "model/EditHistory.h"

#include "model/AnnotationEditor.h"

namespace slicewise {

void EditHistory::push(std::shared_ptr<const UndoRecord> record) {
  if (!record || record->empty()) return;
  for (const auto& r : undone_) bytes_ -= r->bytes();
  undone_.clear();
  bytes_ += record->bytes();
  done_.push_back(std::move(record));
  trim();
}

void EditHistory::trim() {
  // The newest step stays even when it alone exceeds the budget.
  while (bytes_ > budget_ && done_.size() > 1) {
    bytes_ -= done_.front()->bytes();
    done_.pop_front();
    ++dropped_;
  }
}

ChangeSet EditHistory::undo(AnnotationEditor& editor) {
  if (done_.empty()) return {};
  std::shared_ptr<const UndoRecord> r = done_.back();
  ChangeSet c = editor.undo(*r);
  done_.pop_back();
  undone_.push_back(std::move(r));
  return c;
}

ChangeSet EditHistory::redo(AnnotationEditor& editor) {
  if (undone_.empty()) return {};
  std::shared_ptr<const UndoRecord> r = undone_.back();
  ChangeSet c = editor.redo(*r);
  undone_.pop_back();
  done_.push_back(std::move(r));
  trim();
  return c;
}

void EditHistory::clear() {
  done_.clear();
  undone_.clear();
  bytes_ = 0;
}

}  // namespace slicewise
