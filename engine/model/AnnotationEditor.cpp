#include "model/AnnotationEditor.h"

#include <algorithm>

#include "model/ChangeCollector.h"
#include "model/SliceAccess.h"

namespace slicewise {

AnnotationEditor::AnnotationEditor(Annotation initial)
    : annotation_(std::move(initial)), bricks_(annotation_.geometry().size), locked_(65536, 0) {
  if (annotation_.provenance.geometry().size != annotation_.geometry().size)
    annotation_.provenance = ProvenanceVolume(annotation_.geometry());
  refreshLocks();
}

int AnnotationEditor::addListener(Listener listener) {
  listeners_[nextListener_] = std::move(listener);
  return nextListener_++;
}

void AnnotationEditor::removeListener(int id) { listeners_.erase(id); }

void AnnotationEditor::announce(const ChangeSet& change) const {
  for (const auto& [id, listener] : listeners_) listener(change);
}

void AnnotationEditor::refreshLocks() {
  std::fill(locked_.begin(), locked_.end(), 0);
  for (const auto& [id, info] : annotation_.table.all()) locked_[id] = info.locked ? 1 : 0;
}

EditTransaction AnnotationEditor::begin(std::string description) {
  if (openTransaction_) throw EditError("another edit is still in progress");
  openTransaction_ = true;
  return EditTransaction(*this, std::move(description));
}

EditResult AnnotationEditor::paint(const VoxelList& voxels, Label label, OverwriteRule rule,
                                   std::string description) {
  EditTransaction t = begin(std::move(description));
  t.paint(voxels, label, rule);
  return t.commit();
}

EditResult AnnotationEditor::erase(const VoxelList& voxels, OverwriteRule rule, std::string description) {
  return paint(voxels, 0, rule, std::move(description));
}

EditResult AnnotationEditor::setAnnotationState(SliceAxis axis, int64_t index, AnnotationState state) {
  EditTransaction t = begin(std::string(axisName(axis)) + " " + std::to_string(index) + " " +
                            std::string(annotationStateName(state)));
  SliceMark mark = annotation_.marks.get(axis, index);
  mark.annotation = state;
  t.setMark(axis, index, mark);
  return t.commit();
}

EditResult AnnotationEditor::setWorklist(SliceAxis axis, const std::vector<int64_t>& orderedSlices) {
  EditTransaction t = begin("worklist " + std::string(axisName(axis)));
  std::map<int64_t, int> rank;
  for (size_t r = 0; r < orderedSlices.size(); ++r) rank.emplace(orderedSlices[r], int(r));
  if (rank.size() != orderedSlices.size()) throw EditError("the worklist names a slice twice");
  for (const auto& [index, mark] : std::map<int64_t, SliceMark>(annotation_.marks.onAxis(axis)))
    if (mark.isToAnnotate() && !rank.count(index)) {
      SliceMark m = mark;
      m.worklistRank = -1;
      t.setMark(axis, index, m);
    }
  for (const auto& [index, r] : rank) {
    SliceMark m = annotation_.marks.get(axis, index);
    m.worklistRank = r;
    t.setMark(axis, index, m);
  }
  return t.commit();
}

EditResult AnnotationEditor::addLabel(const LabelInfo& info) {
  if (info.id == 0) throw EditError("label 0 is the background");
  if (annotation_.table.find(info.id)) throw EditError("label " + std::to_string(info.id) + " exists");
  LabelTable table = annotation_.table;
  table.set(info);
  EditTransaction t = begin("add label " + std::to_string(info.id));
  t.setTable(table);
  return t.commit();
}

EditResult AnnotationEditor::updateLabel(const LabelInfo& info) {
  if (!annotation_.table.find(info.id)) throw EditError("there is no label " + std::to_string(info.id));
  LabelTable table = annotation_.table;
  table.set(info);
  EditTransaction t = begin("change label " + std::to_string(info.id));
  t.setTable(table);
  return t.commit();
}

EditResult AnnotationEditor::deleteLabel(Label id) {
  if (isLocked(id)) throw EditError("label " + std::to_string(id) + " is locked; unlock it before deleting it");
  EditTransaction t = begin("delete label " + std::to_string(id));
  t.clearLabel(id);
  LabelTable table = annotation_.table;
  table.remove(id);
  t.setTable(table);
  return t.commit();
}

EditResult AnnotationEditor::addMissingLabels() {
  std::vector<Label> present;
  for (const auto& [id, count] : annotation_.labels.labelCounts()) present.push_back(id);
  LabelTable table = annotation_.table;
  table.addMissing(present);
  EditTransaction t = begin("label table");
  t.setTable(table);
  return t.commit();
}

EditResult AnnotationEditor::acceptSlices(const Proposal& proposal, int64_t proposalId,
                                          const std::vector<int64_t>& slices) {
  if (!proposal.labels.geometry().sameGrid(geometry(), 1e-3))
    throw EditError("the proposal of '" + proposal.predictor + "' is on another grid");
  const SlicePlane p = slicePlane(geometry(), proposal.axis);
  EditTransaction t = begin(slices.size() == 1 ? "accept " + std::string(axisName(proposal.axis)) + " " +
                                                     std::to_string(slices.front())
                                               : "accept " + std::to_string(slices.size()) + " slices");
  for (int64_t s : slices) {
    if (s < 0 || s >= p.count) throw EditError("slice " + std::to_string(s) + " is outside the proposal");
    t.assignSlice(proposal.axis, s, proposal.labels.slice(p, s), EditActor::Review);
    SliceMark mark = annotation_.marks.get(proposal.axis, s);
    mark.review = ReviewState::Accepted;
    mark.reviewedProposal = proposalId;
    t.setMark(proposal.axis, s, mark);
  }
  return t.commit();
}

EditResult AnnotationEditor::markCorrected(SliceAxis axis, int64_t index) {
  EditTransaction t = begin("corrected " + std::string(axisName(axis)) + " " + std::to_string(index));
  SliceMark mark = annotation_.marks.get(axis, index);
  mark.review = ReviewState::Corrected;
  t.setMark(axis, index, mark);
  return t.commit();
}

EditResult AnnotationEditor::reject(SliceAxis axis, int64_t index) {
  EditTransaction t = begin("rejected " + std::string(axisName(axis)) + " " + std::to_string(index));
  SliceMark mark = annotation_.marks.get(axis, index);
  mark.review = ReviewState::Rejected;
  mark.reviewedProposal = 0;
  if (!mark.isToAnnotate()) mark.worklistRank = annotation_.marks.nextWorklistRank(axis);
  t.setMark(axis, index, mark);
  return t.commit();
}

ChangeSet AnnotationEditor::applyRecord(const UndoRecord& record, bool forward) {
  if (openTransaction_) throw EditError("another edit is still in progress");
  ChangeCollector collect(bricks_);
  Label* labels = annotation_.labels.data().data();
  uint8_t* origins = annotation_.provenance.data().data();
  for (const VoxelDelta::Change& c : record.voxels.decode()) {
    labels[c.linear] = forward ? c.newLabel : c.oldLabel;
    origins[c.linear] = forward ? c.newOrigin : c.oldOrigin;
    collect.voxel(c.linear, c.oldLabel, c.newLabel);
  }
  ChangeSet change = collect.take();
  for (const UndoRecord::MarkChange& m : record.marks) {
    annotation_.marks.set(m.slice.axis, m.slice.index, forward ? m.after : m.before);
    change.marks.push_back(m.slice);
  }
  if (record.table) {
    annotation_.table = forward ? record.table->after : record.table->before;
    refreshLocks();
    change.labelTable = true;
  }
  announce(change);
  return change;
}

ChangeSet AnnotationEditor::undo(const UndoRecord& record) { return applyRecord(record, false); }

ChangeSet AnnotationEditor::redo(const UndoRecord& record) { return applyRecord(record, true); }

}  // namespace slicewise
