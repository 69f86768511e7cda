#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/ChangeSet.h"
#include "model/EditTypes.h"
#include "model/LabelTable.h"
#include "model/SliceMarks.h"
#include "model/UndoRecord.h"
#include "model/VoxelDelta.h"

namespace slicewise {

class AnnotationEditor;

struct EditResult {
  ChangeSet changes;
  std::shared_ptr<const UndoRecord> undo;  // null when nothing changed
};

// One undoable step in progress, e.g. a brush stroke of many stamps. Every call applies at once
// (so views can redraw mid-stroke) and returns what it changed; commit() turns the whole step
// into one undo record holding only the voxels that really changed. The rules live here:
// a locked label's voxels never change and no voxel becomes a locked label; an actor changes
// only what it may (EditActor). Destroying an open transaction rolls it back.
class EditTransaction {
 public:
  EditTransaction(EditTransaction&& other) noexcept;
  EditTransaction& operator=(EditTransaction&&) = delete;
  EditTransaction(const EditTransaction&) = delete;
  ~EditTransaction();

  // A person paints `label` (0 erases) on the voxels the rule allows; they become drawn.
  // Throws EditError when `label` is locked.
  ChangeSet paint(const VoxelList& voxels, Label label, OverwriteRule rule = {});
  ChangeSet erase(const VoxelList& voxels, OverwriteRule rule = {}) { return paint(voxels, 0, rule); }
  // Sets each voxel to its own label as `actor` (labels.size() == voxels.size()).
  ChangeSet assign(const VoxelList& voxels, const std::vector<Label>& labels, EditActor actor);
  // A whole slice from a buffer (u fastest) as `actor`.
  ChangeSet assignSlice(SliceAxis axis, int64_t index, const std::vector<Label>& pixels, EditActor actor);
  ChangeSet setMark(SliceAxis axis, int64_t index, const SliceMark& mark);
  // Replaces the label table (add, rename, recolour, lock, show or hide entries).
  ChangeSet setTable(const LabelTable& table);
  // Every voxel of `label` becomes background with no provenance (deleting the label).
  ChangeSet clearLabel(Label label);

  EditResult commit();
  ChangeSet rollback();
  bool open() const { return editor_ != nullptr; }

 private:
  friend class AnnotationEditor;
  EditTransaction(AnnotationEditor& editor, std::string description);

  // Applies one voxel change under the rules; records the voxel's first value.
  bool set(int64_t linear, Label label, VoxelOrigin origin, EditActor actor);
  ChangeSet finish(ChangeSet&& change);
  void requireOpen() const;

  AnnotationEditor* editor_;
  std::string description_;
  std::vector<VoxelDelta::Change> touched_;  // first values, in touch order
  std::unordered_map<int64_t, std::vector<uint64_t>> touchedBits_;  // per brick, one bit a voxel
  std::map<SliceRef, SliceMark> marksBefore_;
  std::optional<LabelTable> tableBefore_;
};

}  // namespace slicewise
