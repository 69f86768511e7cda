// 1,000 random edits, undos and redos through the edit API, each checked against a plain
// reference that applies the same rules voxel by voxel: labels, provenance, marks and the label
// table must be byte-exact after every step.
#include <QTest>

#include <random>

#include "model/AnnotationEditor.h"
#include "model/EditHistory.h"

using namespace slicewise;

class RandomEditTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void thousandStepsMatchTheReference();
};

namespace {

// The reference: the rules of DESIGN §2 written plainly, and whole copies for undo.
struct Reference {
  Annotation a;

  bool locked(Label l) const {
    const LabelInfo* i = a.table.find(l);
    return i && i->locked;
  }
  void set(int64_t v, Label label, EditActor actor) {
    Label& l = a.labels.data()[size_t(v)];
    uint8_t& o = a.provenance.data()[size_t(v)];
    const VoxelOrigin origin = VoxelOrigin(o);
    if (actor == EditActor::Review && origin == VoxelOrigin::Drawn) return;
    if (actor == EditActor::Automatic && origin != VoxelOrigin::None) return;
    if (locked(l) || locked(label)) return;
    l = label;
    o = uint8_t(actor == EditActor::Person ? VoxelOrigin::Drawn
                                           : actor == EditActor::Review ? VoxelOrigin::Accepted : VoxelOrigin::None);
  }
};

ImageGeometry grid() {
  ImageGeometry g;
  g.size = {40, 36, 34};  // 2 x 2 x 2 bricks
  g.spacing = {0.7, 0.7, 2.5};
  return g;
}

}  // namespace

void RandomEditTest::thousandStepsMatchTheReference() {
  std::mt19937_64 rng(20261130);
  const auto pick = [&](int64_t n) { return int64_t(std::uniform_int_distribution<int64_t>(0, n - 1)(rng)); };
  Annotation start(grid());
  for (Label l = 1; l <= 4; ++l) start.table.set({l, std::string(1, char('A' + l)), LabelTable::defaultColor(l), true, false});
  AnnotationEditor editor(start);
  EditHistory history;
  Reference ref{start};
  std::vector<Annotation> undoStack, redoStack;  // the reference's states before each step
  const ImageGeometry g = grid();

  // A random set of voxels: a box on a slice of a random axis, or scattered voxels anywhere.
  const auto randomVoxels = [&] {
    VoxelList v;
    if (pick(3) == 0) {
      for (int n = int(pick(200)); n >= 0; --n) v.push_back(pick(int64_t(g.voxelCount())));
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
      return v;
    }
    const SliceAxis axis = kAllAxes[size_t(pick(3))];
    const SlicePlane p = slicePlane(g, axis);
    const int64_t s = pick(p.count), u0 = pick(p.width), v0 = pick(p.height);
    const int64_t u1 = std::min(p.width, u0 + 1 + pick(20)), v1 = std::min(p.height, v0 + 1 + pick(20));
    for (int64_t y = v0; y < v1; ++y)
      for (int64_t x = u0; x < u1; ++x) {
        const Index3 i = p.voxel(s, x, y);
        v.push_back(int64_t(g.linearIndex(i[0], i[1], i[2])));
      }
    std::sort(v.begin(), v.end());
    return v;
  };
  const auto commit = [&](const EditResult& r, const Annotation& before) {
    if (!r.undo) return;
    history.push(r.undo);
    undoStack.push_back(before);
    redoStack.clear();
  };

  int counts[10] = {};
  for (int step = 0; step < 1000; ++step) {
    const int op = int(pick(10));
    ++counts[op];
    const Annotation before = ref.a;
    switch (op) {
      case 0:
      case 1: {  // a person paints or erases under an overwrite mode
        const VoxelList v = randomVoxels();
        const Label label = Label(pick(5));
        const int mode = int(pick(3));
        const Label over = Label(pick(5));
        const OverwriteRule rule = mode == 0 ? OverwriteRule::all()
                                   : mode == 1 ? OverwriteRule::unlabelled() : OverwriteRule::over(over);
        if (label != 0 && ref.locked(label)) {
          QVERIFY_EXCEPTION_THROWN(editor.paint(v, label, rule), EditError);
          break;
        }
        for (int64_t x : v)
          if (rule.allows(ref.a.labels.data()[size_t(x)])) ref.set(x, label, EditActor::Person);
        commit(editor.paint(v, label, rule), before);
        break;
      }
      case 2: {  // per-voxel labels from any actor
        const VoxelList v = randomVoxels();
        std::vector<Label> labels(v.size());
        for (Label& l : labels) l = Label(pick(5));
        const EditActor actor = EditActor(pick(3));
        for (size_t i = 0; i < v.size(); ++i) ref.set(v[i], labels[i], actor);
        EditTransaction t = editor.begin("assign");
        t.assign(v, labels, actor);
        commit(t.commit(), before);
        break;
      }
      case 3: {  // accept slices of a proposal
        Proposal p;
        p.axis = kAllAxes[size_t(pick(3))];
        p.labels = LabelVolume(g);
        for (Label& l : p.labels.data()) l = pick(4) == 0 ? Label(pick(5)) : 0;
        const SlicePlane plane = slicePlane(g, p.axis);
        std::vector<int64_t> slices{pick(plane.count)};
        if (pick(2)) slices.push_back((slices[0] + 1 + pick(plane.count - 1)) % plane.count);
        const int64_t id = 1 + pick(9);
        for (int64_t s : slices) {
          for (int64_t y = 0; y < plane.height; ++y)
            for (int64_t x = 0; x < plane.width; ++x) {
              const Index3 i = plane.voxel(s, x, y);
              const int64_t lin = int64_t(g.linearIndex(i[0], i[1], i[2]));
              ref.set(lin, p.labels.data()[size_t(lin)], EditActor::Review);
            }
          SliceMark m = ref.a.marks.get(p.axis, s);
          m.review = ReviewState::Accepted;
          m.reviewedProposal = id;
          ref.a.marks.set(p.axis, s, m);
        }
        commit(editor.acceptSlices(p, id, slices), before);
        break;
      }
      case 4: {  // slice marks: annotation state, worklist, review
        const SliceAxis axis = kAllAxes[size_t(pick(3))];
        const int64_t n = slicePlane(g, axis).count, s = pick(n);
        const int kind = int(pick(4));
        if (kind == 0) {
          const AnnotationState st = AnnotationState(pick(3));
          ref.a.marks.setAnnotation(axis, s, st);
          commit(editor.setAnnotationState(axis, s, st), before);
        } else if (kind == 1) {
          std::vector<int64_t> list;
          for (int64_t i = 0; i < n; ++i)
            if (pick(4) == 0) list.push_back(i);
          std::shuffle(list.begin(), list.end(), rng);
          ref.a.marks.setWorklist(axis, list);
          commit(editor.setWorklist(axis, list), before);
        } else if (kind == 2) {
          SliceMark m = ref.a.marks.get(axis, s);
          m.review = ReviewState::Corrected;
          ref.a.marks.set(axis, s, m);
          commit(editor.markCorrected(axis, s), before);
        } else {
          SliceMark m = ref.a.marks.get(axis, s);
          m.review = ReviewState::Rejected;
          m.reviewedProposal = 0;
          if (!m.isToAnnotate()) m.worklistRank = ref.a.marks.nextWorklistRank(axis);
          ref.a.marks.set(axis, s, m);
          commit(editor.reject(axis, s), before);
        }
        break;
      }
      case 5: {  // the label table: lock or unlock, rename, add, delete
        const Label id = Label(1 + pick(6));
        const LabelInfo* existing = ref.a.table.find(id);
        const int kind = int(pick(3));
        if (!existing) {
          const LabelInfo info{id, std::to_string(step), LabelTable::defaultColor(id), true, false};
          ref.a.table.set(info);
          commit(editor.addLabel(info), before);
        } else if (kind == 0) {
          if (existing->locked) {
            QVERIFY_EXCEPTION_THROWN(editor.deleteLabel(id), EditError);
            break;
          }
          for (Label& l : ref.a.labels.data())
            if (l == id) {
              const size_t v = size_t(&l - ref.a.labels.data().data());
              l = 0;
              ref.a.provenance.data()[v] = 0;
            }
          ref.a.table.remove(id);
          commit(editor.deleteLabel(id), before);
        } else {
          LabelInfo info = *existing;
          if (kind == 1) info.locked = !info.locked;
          else info.name = std::to_string(-step);
          ref.a.table.set(info);
          commit(editor.updateLabel(info), before);
        }
        break;
      }
      case 6:
      case 7:  // undo
        if (!undoStack.empty()) {
          redoStack.push_back(ref.a);
          ref.a = undoStack.back();
          undoStack.pop_back();
        }
        history.undo(editor);
        break;
      case 8:  // redo
        if (!redoStack.empty()) {
          undoStack.push_back(ref.a);
          ref.a = redoStack.back();
          redoStack.pop_back();
        }
        history.redo(editor);
        break;
      case 9: {  // a stroke abandoned half-way changes nothing
        EditTransaction t = editor.begin("abandoned");
        const VoxelList v = randomVoxels();
        const Label label = Label(pick(5));
        if (label == 0 || !ref.locked(label)) t.paint(v, label);
        t.rollback();
        break;
      }
    }
    const Annotation& got = editor.annotation();
    if (got.labels.data() != ref.a.labels.data()) QFAIL(qPrintable(QString("labels differ after step %1 (op %2)").arg(step).arg(op)));
    if (got.provenance.data() != ref.a.provenance.data()) QFAIL(qPrintable(QString("provenance differs after step %1 (op %2)").arg(step).arg(op)));
    if (!(got.marks == ref.a.marks)) QFAIL(qPrintable(QString("marks differ after step %1 (op %2)").arg(step).arg(op)));
    if (!(got.table == ref.a.table)) QFAIL(qPrintable(QString("label tables differ after step %1 (op %2)").arg(step).arg(op)));
    QCOMPARE(history.undoCount(), undoStack.size());
    QCOMPARE(history.redoCount(), redoStack.size());
  }
  // Every kind of step ran often enough to matter.
  for (int op = 0; op < 10; ++op) QVERIFY2(counts[op] > 60, qPrintable(QString("op %1 ran %2 times").arg(op).arg(counts[op])));
  QVERIFY(editor.annotation().provenance.count(VoxelOrigin::Drawn) > 0);
  QVERIFY(editor.annotation().provenance.count(VoxelOrigin::Accepted) > 0);
}

QTEST_GUILESS_MAIN(RandomEditTest)
#include "RandomEditTest.moc"
