#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/Annotation.h"
#include "model/BrickGrid.h"
#include "model/EditTransaction.h"
#include "model/Proposal.h"

namespace slicewise {

// The one way labels, provenance, slice marks, the label table and review state change
// (DESIGN §2). It owns the annotation and hands out only const views of it; every change is a
// transaction that enforces locks and provenance, announces its change set to the listeners
// (the study's dirty bricks, the UI's redraw) and yields an undo record.
class AnnotationEditor {
 public:
  using Listener = std::function<void(const ChangeSet&)>;

  explicit AnnotationEditor(Annotation initial);
  AnnotationEditor(const AnnotationEditor&) = delete;
  AnnotationEditor& operator=(const AnnotationEditor&) = delete;

  const Annotation& annotation() const { return annotation_; }
  const ImageGeometry& geometry() const { return annotation_.geometry(); }
  const BrickGrid& bricks() const { return bricks_; }
  bool isLocked(Label label) const { return locked_[label] != 0; }

  // Listeners hear every change as it is applied, undo and redo included.
  int addListener(Listener listener);
  void removeListener(int id);

  // At most one transaction is open at a time; throws EditError otherwise.
  EditTransaction begin(std::string description);
  bool inTransaction() const { return openTransaction_; }

  // Single-step operations (each one transaction, one undo step).
  EditResult paint(const VoxelList& voxels, Label label, OverwriteRule rule = {},
                   std::string description = "paint");
  EditResult erase(const VoxelList& voxels, OverwriteRule rule = {}, std::string description = "erase");
  EditResult setAnnotationState(SliceAxis axis, int64_t index, AnnotationState state);
  // The axis' worklist in order (ranks 0..n-1); earlier ranks on the axis are cleared.
  EditResult setWorklist(SliceAxis axis, const std::vector<int64_t>& orderedSlices);
  EditResult addLabel(const LabelInfo& info);     // EditError when the id exists or is 0
  EditResult updateLabel(const LabelInfo& info);  // rename, recolour, lock, show; must exist
  EditResult deleteLabel(Label id);               // with its voxels; EditError when locked
  // Adds default entries for label ids present in the volume but missing from the table.
  EditResult addMissingLabels();

  // Review (DESIGN §2). Accepting copies the proposal's slices into the labels as a person's
  // decision: drawn voxels stay, the others become accepted; each slice is marked accepted,
  // naming the proposal.
  EditResult acceptSlices(const Proposal& proposal, int64_t proposalId, const std::vector<int64_t>& slices);
  // After a person's edits on a predicted slice: marked corrected (a key for the next round).
  EditResult markCorrected(SliceAxis axis, int64_t index);
  // Marked rejected, and back on the worklist (at its end) if it had left it.
  EditResult reject(SliceAxis axis, int64_t index);

  // Reverts or re-applies a committed step; records must be undone in reverse order of commit
  // and redone in commit order (EditHistory keeps that order).
  ChangeSet undo(const UndoRecord& record);
  ChangeSet redo(const UndoRecord& record);

 private:
  friend class EditTransaction;
  void announce(const ChangeSet& change) const;
  void refreshLocks();
  ChangeSet applyRecord(const UndoRecord& record, bool forward);

  Annotation annotation_;
  BrickGrid bricks_;
  std::vector<uint8_t> locked_;  // per label id
  std::map<int, Listener> listeners_;
  int nextListener_ = 1;
  bool openTransaction_ = false;
};

}  // namespace slicewise
