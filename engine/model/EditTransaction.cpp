#include "model/EditTransaction.h"

#include <algorithm>

#include "model/AnnotationEditor.h"
#include "model/ChangeCollector.h"
#include "model/SliceAccess.h"

namespace slicewise {

EditTransaction::EditTransaction(AnnotationEditor& editor, std::string description)
    : editor_(&editor), description_(std::move(description)) {}

EditTransaction::EditTransaction(EditTransaction&& other) noexcept
    : editor_(other.editor_),
      description_(std::move(other.description_)),
      touched_(std::move(other.touched_)),
      touchedBits_(std::move(other.touchedBits_)),
      marksBefore_(std::move(other.marksBefore_)),
      tableBefore_(std::move(other.tableBefore_)) {
  other.editor_ = nullptr;
}

EditTransaction::~EditTransaction() {
  if (editor_) {
    try {
      rollback();
    } catch (...) {
      editor_->openTransaction_ = false;
    }
  }
}

void EditTransaction::requireOpen() const {
  if (!editor_) throw EditError("the edit was already committed or rolled back");
}

bool EditTransaction::set(int64_t linear, Label label, VoxelOrigin origin, EditActor actor) {
  Annotation& a = editor_->annotation_;
  Label& l = a.labels.data()[size_t(linear)];
  uint8_t& o = a.provenance.data()[size_t(linear)];
  if (!mayOverwrite(actor, VoxelOrigin(o))) return false;
  if (editor_->isLocked(l) || editor_->isLocked(label)) return false;
  if (l == label && o == uint8_t(origin)) return false;
  const int64_t brick = editor_->bricks_.brickOfLinear(linear);
  std::vector<uint64_t>& bits = touchedBits_[brick];
  if (bits.empty()) bits.assign(size_t(BrickGrid::kEdge * BrickGrid::kEdge * BrickGrid::kEdge) / 64, 0);
  const Index3 b = editor_->bricks_.origin(brick);
  const Index3& n = editor_->bricks_.volumeSize;
  const int64_t i = linear % n[0] - b[0], rest = linear / n[0];
  const int64_t j = rest % n[1] - b[1], k = rest / n[1] - b[2];
  const size_t bit = size_t(i + BrickGrid::kEdge * (j + BrickGrid::kEdge * k));
  if (!(bits[bit >> 6] & (uint64_t(1) << (bit & 63)))) {
    bits[bit >> 6] |= uint64_t(1) << (bit & 63);
    touched_.push_back({linear, l, 0, o, 0});
  }
  l = label;
  o = uint8_t(origin);
  return true;
}

ChangeSet EditTransaction::paint(const VoxelList& voxels, Label label, OverwriteRule rule) {
  requireOpen();
  if (label != 0 && editor_->isLocked(label)) {
    const LabelInfo info = editor_->annotation_.table.infoOrDefault(label);
    throw EditError("label " + std::to_string(label) + " (" + info.name + ") is locked");
  }
  const size_t n = editor_->annotation_.labels.voxelCount();
  const Label* labels = editor_->annotation_.labels.data().data();
  ChangeCollector collect(editor_->bricks_);
  for (int64_t v : voxels) {
    if (v < 0 || size_t(v) >= n) throw EditError("a painted voxel lies outside the volume");
    const Label before = labels[v];
    if (rule.allows(before) && set(v, label, VoxelOrigin::Drawn, EditActor::Person))
      collect.voxel(v, before, label);
  }
  return finish(collect.take());
}

ChangeSet EditTransaction::assign(const VoxelList& voxels, const std::vector<Label>& values,
                                  EditActor actor) {
  requireOpen();
  if (voxels.size() != values.size()) throw EditError("one label per voxel is needed");
  const size_t n = editor_->annotation_.labels.voxelCount();
  const Label* labels = editor_->annotation_.labels.data().data();
  const VoxelOrigin origin = originLeftBy(actor);
  ChangeCollector collect(editor_->bricks_);
  for (size_t i = 0; i < voxels.size(); ++i) {
    const int64_t v = voxels[i];
    if (v < 0 || size_t(v) >= n) throw EditError("an assigned voxel lies outside the volume");
    const Label before = labels[v];
    if (set(v, values[i], origin, actor)) collect.voxel(v, before, values[i]);
  }
  return finish(collect.take());
}

ChangeSet EditTransaction::assignSlice(SliceAxis axis, int64_t index, const std::vector<Label>& pixels,
                                       EditActor actor) {
  requireOpen();
  const ImageGeometry& g = editor_->geometry();
  const SlicePlane p = slicePlane(g, axis);
  if (index < 0 || index >= p.count)
    throw EditError("slice " + std::to_string(index) + " is outside the " + std::string(axisName(axis)) +
                    " axis (0.." + std::to_string(p.count - 1) + ")");
  if (pixels.size() != p.pixelCount()) throw EditError("the slice buffer does not match the slice");
  VoxelList voxels;
  voxels.reserve(pixels.size());
  for (int64_t v = 0; v < p.height; ++v)
    for (int64_t u = 0; u < p.width; ++u) {
      const Index3 idx = p.voxel(index, u, v);
      voxels.push_back(int64_t(g.linearIndex(idx[0], idx[1], idx[2])));
    }
  return assign(voxels, pixels, actor);
}

ChangeSet EditTransaction::clearLabel(Label label) {
  requireOpen();
  if (label == 0) return {};
  if (editor_->isLocked(label))
    throw EditError("label " + std::to_string(label) + " is locked; unlock it before deleting it");
  Annotation& a = editor_->annotation_;
  const Label* labels = a.labels.data().data();
  ChangeCollector collect(editor_->bricks_);
  const int64_t n = int64_t(a.labels.voxelCount());
  for (int64_t v = 0; v < n; ++v)
    if (labels[v] == label && set(v, 0, VoxelOrigin::None, EditActor::Person))
      collect.voxel(v, label, 0);
  return finish(collect.take());
}

ChangeSet EditTransaction::setMark(SliceAxis axis, int64_t index, const SliceMark& mark) {
  requireOpen();
  const SlicePlane p = slicePlane(editor_->geometry(), axis);
  if (index < 0 || index >= p.count)
    throw EditError("slice " + std::to_string(index) + " is outside the " + std::string(axisName(axis)) +
                    " axis (0.." + std::to_string(p.count - 1) + ")");
  SliceMarks& marks = editor_->annotation_.marks;
  const SliceMark before = marks.get(axis, index);
  if (before == mark) return {};
  marksBefore_.emplace(SliceRef{axis, index}, before);  // keeps the first value
  marks.set(axis, index, mark);
  ChangeSet c;
  c.marks.push_back({axis, index});
  return finish(std::move(c));
}

ChangeSet EditTransaction::setTable(const LabelTable& table) {
  requireOpen();
  LabelTable& current = editor_->annotation_.table;
  if (current == table) return {};
  if (!tableBefore_) tableBefore_ = current;
  current = table;
  editor_->refreshLocks();
  ChangeSet c;
  c.labelTable = true;
  return finish(std::move(c));
}

ChangeSet EditTransaction::finish(ChangeSet&& change) {
  if (!change.empty()) editor_->announce(change);
  return std::move(change);
}

EditResult EditTransaction::commit() {
  requireOpen();
  auto record = std::make_shared<UndoRecord>();
  record->description = description_;
  const Annotation& a = editor_->annotation_;
  std::vector<VoxelDelta::Change> changes;
  changes.reserve(touched_.size());
  std::sort(touched_.begin(), touched_.end(),
            [](const auto& x, const auto& y) { return x.linear < y.linear; });
  ChangeCollector collect(editor_->bricks_);
  for (VoxelDelta::Change c : touched_) {
    c.newLabel = a.labels.data()[size_t(c.linear)];
    c.newOrigin = a.provenance.data()[size_t(c.linear)];
    if (c.newLabel == c.oldLabel && c.newOrigin == c.oldOrigin) continue;  // painted back
    collect.voxel(c.linear, c.oldLabel, c.newLabel);
    changes.push_back(c);
  }
  record->voxels = VoxelDelta::build(changes);
  EditResult result;
  result.changes = collect.take();
  for (const auto& [slice, before] : marksBefore_) {
    const SliceMark after = a.marks.get(slice.axis, slice.index);
    if (after == before) continue;
    record->marks.push_back({slice, before, after});
    result.changes.marks.push_back(slice);
  }
  if (tableBefore_ && !(*tableBefore_ == a.table)) {
    record->table = std::make_unique<UndoRecord::TableChange>(UndoRecord::TableChange{std::move(*tableBefore_), a.table});
    result.changes.labelTable = true;
  }
  editor_->openTransaction_ = false;
  editor_ = nullptr;
  if (!record->empty()) result.undo = std::move(record);
  return result;
}

ChangeSet EditTransaction::rollback() {
  requireOpen();
  Annotation& a = editor_->annotation_;
  ChangeCollector collect(editor_->bricks_);
  for (auto it = touched_.rbegin(); it != touched_.rend(); ++it) {
    const Label now = a.labels.data()[size_t(it->linear)];
    a.labels.data()[size_t(it->linear)] = it->oldLabel;
    a.provenance.data()[size_t(it->linear)] = it->oldOrigin;
    collect.voxel(it->linear, now, it->oldLabel);
  }
  ChangeSet c = collect.take();
  for (const auto& [slice, before] : marksBefore_) {
    a.marks.set(slice.axis, slice.index, before);
    c.marks.push_back(slice);
  }
  if (tableBefore_) {
    a.table = std::move(*tableBefore_);
    editor_->refreshLocks();
    c.labelTable = true;
  }
  AnnotationEditor* editor = editor_;
  editor_->openTransaction_ = false;
  editor_ = nullptr;
  if (!c.empty()) editor->announce(c);
  return c;
}

}  // namespace slicewise
