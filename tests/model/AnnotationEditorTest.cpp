// The edit API's rules, one by one: locked labels, overwrite modes, what each actor may change,
// review operations, change sets, undo and redo, rollback, and the history's byte budget.
#include <QTest>

#include "model/AnnotationEditor.h"
#include "model/EditHistory.h"

using namespace slicewise;

class AnnotationEditorTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void lockedLabelSurvivesEveryOperation();
  void overwriteModesPaintExactlyTheirVoxels();
  void acceptNeverOverwritesDrawnVoxels();
  void automaticChangesKeepDrawnAndAccepted();
  void correctAndRejectMarkTheSlice();
  void changeSetNamesBricksBoxAndLabels();
  void undoAndRedoRestoreExactly();
  void openTransactionRollsBack();
  void historyDropsOldestStepsOverBudget();
  void deleteLabelClearsItsVoxels();
};

namespace {

// 70 x 40 x 36 voxels: 3 x 2 x 2 bricks of 32.
ImageGeometry grid() {
  ImageGeometry g;
  g.size = {70, 40, 36};
  g.spacing = {0.5, 0.5, 2.0};
  return g;
}

int64_t at(const AnnotationEditor& e, int64_t i, int64_t j, int64_t k) {
  return int64_t(e.geometry().linearIndex(i, j, k));
}

// Voxels i in [i0, i1), j in [j0, j1) of axial slice k.
VoxelList box(const AnnotationEditor& e, int64_t i0, int64_t i1, int64_t j0, int64_t j1, int64_t k) {
  VoxelList v;
  for (int64_t j = j0; j < j1; ++j)
    for (int64_t i = i0; i < i1; ++i) v.push_back(at(e, i, j, k));
  return v;
}

uint64_t countLabel(const AnnotationEditor& e, Label l) {
  const auto c = e.annotation().labels.labelCounts();
  return c.count(l) ? c.at(l) : 0;
}

Annotation withTable(std::initializer_list<LabelInfo> infos) {
  Annotation a(grid());
  for (const LabelInfo& i : infos) a.table.set(i);
  return a;
}

}  // namespace

void AnnotationEditorTest::lockedLabelSurvivesEveryOperation() {
  AnnotationEditor e(withTable({{1, "liver", {200, 0, 0}, true, false}, {2, "spleen", {0, 200, 0}, true, false}}));
  e.paint(box(e, 0, 10, 0, 10, 5), 2);  // 100 spleen voxels, then spleen is locked
  LabelInfo spleen = *e.annotation().table.find(2);
  spleen.locked = true;
  e.updateLabel(spleen);
  QVERIFY(e.isLocked(2));
  const std::vector<Label> before = e.annotation().labels.data();
  const std::vector<uint8_t> originsBefore = e.annotation().provenance.data();

  e.paint(box(e, 0, 20, 0, 20, 5), 1);  // paint over everything
  QCOMPARE(countLabel(e, 2), uint64_t(100));
  QCOMPARE(countLabel(e, 1), uint64_t(300));
  e.erase(box(e, 0, 20, 0, 20, 5));     // erase everything
  QCOMPARE(countLabel(e, 2), uint64_t(100));
  QCOMPARE(countLabel(e, 1), uint64_t(0));
  Proposal p;
  p.predictor = "shape";
  p.axis = SliceAxis::Axial;
  p.labels = LabelVolume(grid());
  for (int64_t v : box(e, 0, 70, 0, 40, 5)) p.labels.data()[size_t(v)] = 1;
  e.acceptSlices(p, 7, {5});            // accept a proposal covering the whole slice
  QCOMPARE(countLabel(e, 2), uint64_t(100));
  QCOMPARE(countLabel(e, 1), uint64_t(70 * 40 - 100 - 300));  // the 300 erased are drawn: kept
  // No voxel becomes the locked label, from a person, a review or anything automatic.
  QVERIFY_EXCEPTION_THROWN(e.paint(box(e, 30, 40, 0, 10, 5), 2), EditError);
  {
    EditTransaction t = e.begin("import");
    t.assign(box(e, 30, 40, 20, 30, 9), std::vector<Label>(100, 2), EditActor::Automatic);
    t.commit();
  }
  QCOMPARE(countLabel(e, 2), uint64_t(100));
  QVERIFY_EXCEPTION_THROWN(e.deleteLabel(2), EditError);
  // The locked voxels kept their label and their provenance through all of it.
  for (int64_t v : box(e, 0, 10, 0, 10, 5)) {
    QCOMPARE(e.annotation().labels.data()[size_t(v)], before[size_t(v)]);
    QCOMPARE(e.annotation().provenance.data()[size_t(v)], originsBefore[size_t(v)]);
  }
}

void AnnotationEditorTest::overwriteModesPaintExactlyTheirVoxels() {
  AnnotationEditor e{Annotation(grid())};
  e.paint(box(e, 0, 10, 0, 4, 3), 1);   // 40 voxels of 1
  e.paint(box(e, 10, 20, 0, 4, 3), 2);  // 40 voxels of 2
  // Only unlabelled: of the 20 x 8 box's 160 voxels, rows 0..3 hold labels; rows 4..7 (80
  // voxels) become 3.
  EditResult r = e.paint(box(e, 0, 20, 0, 8, 3), 3, OverwriteRule::unlabelled());
  QCOMPARE(r.changes.voxelsChanged, uint64_t(80));
  QCOMPARE(countLabel(e, 1), uint64_t(40));
  QCOMPARE(countLabel(e, 2), uint64_t(40));
  QCOMPARE(countLabel(e, 3), uint64_t(80));
  // Only over label 2: exactly its 40 voxels change.
  r = e.paint(box(e, 0, 20, 0, 8, 3), 4, OverwriteRule::over(2));
  QCOMPARE(r.changes.voxelsChanged, uint64_t(40));
  QCOMPARE(countLabel(e, 2), uint64_t(0));
  QCOMPARE(countLabel(e, 4), uint64_t(40));
  QCOMPARE(int(e.annotation().labels.at(15, 2, 3)), 4);
  QCOMPARE(int(e.annotation().labels.at(5, 2, 3)), 1);
  // All: every voxel of the box, whatever it held.
  r = e.paint(box(e, 0, 20, 0, 8, 3), 5, OverwriteRule::all());
  QCOMPARE(r.changes.voxelsChanged, uint64_t(160));
  QCOMPARE(countLabel(e, 5), uint64_t(160));
  // Erasing only label 5 inside a smaller box.
  r = e.erase(box(e, 0, 5, 0, 8, 3), OverwriteRule::over(5));
  QCOMPARE(r.changes.voxelsChanged, uint64_t(40));
  QCOMPARE(countLabel(e, 5), uint64_t(120));
  // Erased voxels are a person's decision too: drawn.
  QCOMPARE(e.annotation().provenance.at(size_t(at(e, 0, 0, 3))), VoxelOrigin::Drawn);
  QCOMPARE(e.annotation().provenance.count(VoxelOrigin::Drawn), size_t(160));
}

void AnnotationEditorTest::acceptNeverOverwritesDrawnVoxels() {
  AnnotationEditor e{Annotation(grid())};
  e.paint(box(e, 0, 5, 0, 5, 8), 3);  // 25 drawn voxels of 3 on slice 8
  Proposal p;
  p.predictor = "nearest";
  p.axis = SliceAxis::Axial;
  p.labels = LabelVolume(grid());
  for (int64_t v : box(e, 0, 10, 0, 10, 8)) p.labels.data()[size_t(v)] = 1;
  for (int64_t v : box(e, 0, 10, 0, 10, 9)) p.labels.data()[size_t(v)] = 1;
  const EditResult r = e.acceptSlices(p, 42, {8, 9});
  // Slice 8: the 25 drawn voxels keep 3 and stay drawn; the other 75 of the box become 1,
  // and the slice's remaining voxels (background in the proposal) become accepted background.
  QCOMPARE(int(e.annotation().labels.at(2, 2, 8)), 3);
  QCOMPARE(e.annotation().provenance.at(size_t(at(e, 2, 2, 8))), VoxelOrigin::Drawn);
  QCOMPARE(int(e.annotation().labels.at(7, 7, 8)), 1);
  QCOMPARE(e.annotation().provenance.at(size_t(at(e, 7, 7, 8))), VoxelOrigin::Accepted);
  QCOMPARE(e.annotation().provenance.at(size_t(at(e, 60, 30, 8))), VoxelOrigin::Accepted);
  QCOMPARE(countLabel(e, 1), uint64_t(75 + 100));
  QCOMPARE(e.annotation().provenance.count(VoxelOrigin::Accepted), size_t(2 * 70 * 40 - 25));
  QCOMPARE(r.changes.marks, (std::vector<SliceRef>{{SliceAxis::Axial, 8}, {SliceAxis::Axial, 9}}));
  const SliceMark m = e.annotation().marks.get(SliceAxis::Axial, 9);
  QCOMPARE(m.review, ReviewState::Accepted);
  QCOMPARE(m.reviewedProposal, int64_t(42));
  QCOMPARE(e.annotation().marks.keySlices(SliceAxis::Axial), (std::vector<int64_t>{8, 9}));
  // Accepting again from a newer proposal replaces accepted voxels, still not drawn ones.
  for (int64_t v : box(e, 0, 10, 0, 10, 8)) p.labels.data()[size_t(v)] = 2;
  e.acceptSlices(p, 43, {8});
  QCOMPARE(int(e.annotation().labels.at(7, 7, 8)), 2);
  QCOMPARE(int(e.annotation().labels.at(2, 2, 8)), 3);
}

void AnnotationEditorTest::automaticChangesKeepDrawnAndAccepted() {
  AnnotationEditor e{Annotation(grid())};
  e.paint({at(e, 1, 1, 1)}, 4);
  Proposal p;
  p.axis = SliceAxis::Axial;
  p.labels = LabelVolume(grid());
  e.acceptSlices(p, 1, {2});  // slice 2 all accepted background
  EditTransaction t = e.begin("import");
  const ChangeSet c = t.assign({at(e, 1, 1, 1), at(e, 1, 1, 2), at(e, 1, 1, 3)}, {6, 6, 6}, EditActor::Automatic);
  t.commit();
  QCOMPARE(c.voxelsChanged, uint64_t(1));  // only the voxel nobody decided
  QCOMPARE(int(e.annotation().labels.at(1, 1, 1)), 4);
  QCOMPARE(int(e.annotation().labels.at(1, 1, 2)), 0);
  QCOMPARE(int(e.annotation().labels.at(1, 1, 3)), 6);
  QCOMPARE(e.annotation().provenance.at(size_t(at(e, 1, 1, 3))), VoxelOrigin::None);
}

void AnnotationEditorTest::correctAndRejectMarkTheSlice() {
  AnnotationEditor e{Annotation(grid())};
  e.setWorklist(SliceAxis::Coronal, {20, 5, 30});
  e.markCorrected(SliceAxis::Coronal, 12);
  QCOMPARE(e.annotation().marks.get(SliceAxis::Coronal, 12).review, ReviewState::Corrected);
  QCOMPARE(e.annotation().marks.keySlices(SliceAxis::Coronal), std::vector<int64_t>{12});
  // A rejected slice is no key and goes back to the worklist, at its end.
  e.reject(SliceAxis::Coronal, 12);
  QCOMPARE(e.annotation().marks.get(SliceAxis::Coronal, 12).review, ReviewState::Rejected);
  QVERIFY(e.annotation().marks.keySlices(SliceAxis::Coronal).empty());
  QCOMPARE(e.annotation().marks.worklist(SliceAxis::Coronal), (std::vector<int64_t>{20, 5, 30, 12}));
  // One already on the worklist keeps its place.
  e.reject(SliceAxis::Coronal, 5);
  QCOMPARE(e.annotation().marks.worklist(SliceAxis::Coronal), (std::vector<int64_t>{20, 5, 30, 12}));
  QVERIFY_EXCEPTION_THROWN(e.reject(SliceAxis::Coronal, 40), EditError);  // 40 slices: 0..39
}

void AnnotationEditorTest::changeSetNamesBricksBoxAndLabels() {
  AnnotationEditor e{Annotation(grid())};
  std::vector<ChangeSet> heard;
  e.addListener([&](const ChangeSet& c) { heard.push_back(c); });
  // Voxels (31, 0, 0), (32, 0, 0) and (64, 39, 35): bricks (0,0,0)=0, (1,0,0)=1, (2,1,1)=11.
  const EditResult r = e.paint({at(e, 31, 0, 0), at(e, 32, 0, 0), at(e, 64, 39, 35)}, 9);
  QCOMPARE(r.changes.bricks, (std::vector<int64_t>{0, 1, 11}));
  QCOMPARE(r.changes.first, (Index3{31, 0, 0}));
  QCOMPARE(r.changes.last, (Index3{64, 39, 35}));
  QCOMPARE(r.changes.labels, (std::vector<Label>{0, 9}));
  QCOMPARE(r.changes.voxelsChanged, uint64_t(3));
  QCOMPARE(heard.size(), size_t(1));
  QCOMPARE(heard[0].bricks, r.changes.bricks);
  // Painting what is already there changes nothing and yields no undo step.
  const EditResult same = e.paint({at(e, 31, 0, 0)}, 9);
  QVERIFY(same.changes.empty());
  QVERIFY(!same.undo);
  QCOMPARE(heard.size(), size_t(1));
  const EditResult mark = e.setAnnotationState(SliceAxis::Sagittal, 64, AnnotationState::Done);
  QCOMPARE(mark.changes.marks, (std::vector<SliceRef>{{SliceAxis::Sagittal, 64}}));
  QVERIFY(!mark.changes.hasVoxels());
  QVERIFY(mark.changes.touchesSlice(0, 64) == false);
  QVERIFY(r.changes.touchesSlice(0, 64));
}

void AnnotationEditorTest::undoAndRedoRestoreExactly() {
  AnnotationEditor e(withTable({{1, "a", {1, 2, 3}, true, false}}));
  e.paint(box(e, 0, 30, 0, 30, 4), 1);
  const Annotation before = e.annotation();
  EditResult stroke;
  {
    EditTransaction t = e.begin("brush");
    t.paint(box(e, 10, 50, 10, 20, 4), 2);
    t.paint(box(e, 40, 60, 15, 35, 4), 3, OverwriteRule::unlabelled());
    t.erase(box(e, 0, 5, 0, 5, 4));
    SliceMark m;
    m.annotation = AnnotationState::Done;
    t.setMark(SliceAxis::Axial, 4, m);
    LabelTable table = e.annotation().table;
    table.set({3, "c", {9, 9, 9}, false, true});
    t.setTable(table);
    stroke = t.commit();
  }
  QVERIFY(stroke.undo);
  QCOMPARE(stroke.undo->description, std::string("brush"));
  const Annotation after = e.annotation();
  QVERIFY(!(after == before));
  const ChangeSet undone = e.undo(*stroke.undo);
  QVERIFY(e.annotation() == before);
  QVERIFY(undone.labelTable);
  QCOMPARE(undone.marks, (std::vector<SliceRef>{{SliceAxis::Axial, 4}}));
  QVERIFY(!e.isLocked(3));
  e.redo(*stroke.undo);
  QVERIFY(e.annotation() == after);
  QVERIFY(e.isLocked(3));
}

void AnnotationEditorTest::openTransactionRollsBack() {
  AnnotationEditor e{Annotation(grid())};
  const Annotation before = e.annotation();
  int heard = 0;
  e.addListener([&](const ChangeSet&) { ++heard; });
  {
    EditTransaction t = e.begin("abandoned");
    t.paint(box(e, 0, 10, 0, 10, 0), 5);
    QVERIFY(e.inTransaction());
    QVERIFY_EXCEPTION_THROWN(e.begin("second"), EditError);
  }  // Escape during a stroke: the stroke is gone
  QVERIFY(!e.inTransaction());
  QVERIFY(e.annotation() == before);
  QCOMPARE(heard, 2);  // the paint, and its rollback
}

void AnnotationEditorTest::historyDropsOldestStepsOverBudget() {
  AnnotationEditor e{Annotation(grid())};
  std::vector<size_t> sizes;
  EditHistory probe;
  for (int i = 0; i < 3; ++i) {
    const EditResult r = e.paint(box(e, 0, 70, i, i + 1, 0), Label(1 + i));
    sizes.push_back(r.undo->bytes());
    probe.push(r.undo);
  }
  // A budget that holds two of these steps but not three.
  EditHistory history(sizes[1] + sizes[2] + sizes[0] / 2);
  for (int i = 0; i < 3; ++i) {
    const EditResult r = e.paint(box(e, 0, 70, 10 + i, 11 + i, 0), Label(4 + i));
    history.push(r.undo);
  }
  QCOMPARE(history.undoCount(), size_t(2));
  QCOMPARE(history.droppedSteps(), size_t(1));
  QVERIFY(history.bytes() <= history.budget());
  history.undo(e);
  history.undo(e);
  QVERIFY(!history.canUndo());
  QCOMPARE(countLabel(e, 4), uint64_t(70));  // the dropped step stays done
  QCOMPARE(countLabel(e, 5), uint64_t(0));
  history.redo(e);
  QCOMPARE(countLabel(e, 5), uint64_t(70));
  // A new step clears what could be redone.
  history.push(e.paint({at(e, 0, 30, 0)}, 7).undo);
  QVERIFY(!history.canRedo());
}

void AnnotationEditorTest::deleteLabelClearsItsVoxels() {
  AnnotationEditor e(withTable({{1, "a", {1, 2, 3}, true, false}, {2, "b", {3, 2, 1}, true, false}}));
  e.paint(box(e, 0, 10, 0, 10, 1), 1);
  e.paint(box(e, 0, 10, 0, 10, 2), 2);
  const Annotation before = e.annotation();
  const EditResult r = e.deleteLabel(1);
  QCOMPARE(countLabel(e, 1), uint64_t(0));
  QCOMPARE(countLabel(e, 2), uint64_t(100));
  QVERIFY(!e.annotation().table.find(1));
  QCOMPARE(e.annotation().provenance.at(size_t(at(e, 3, 3, 1))), VoxelOrigin::None);
  QVERIFY(r.changes.labelTable);
  QCOMPARE(r.changes.labels, (std::vector<Label>{0, 1}));
  e.undo(*r.undo);
  QVERIFY(e.annotation() == before);
  QVERIFY_EXCEPTION_THROWN(e.addLabel({2, "again", {}, true, false}), EditError);
  QVERIFY_EXCEPTION_THROWN(e.updateLabel({9, "none", {}, true, false}), EditError);
}

QTEST_GUILESS_MAIN(AnnotationEditorTest)
#include "AnnotationEditorTest.moc"
