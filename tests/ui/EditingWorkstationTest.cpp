// The workstation driven as a radiologist would, with real mouse and key events: a brush stroke
// paints exactly the voxels under it with the active label (locks and overwrite modes obeyed),
// undo restores them byte-exact, fill and polygon paint what they enclose, N walks the worklist,
// closing with unsaved work asks first, and a study made by the CLI opens with its worklist.
#include <QDir>
#include <QListWidget>
#include <QTableWidget>
#include <QtTest>
#include <set>

#include "CliRunner.h"
#include "GlTestMain.h"
#include "TestData.h"
#include "WorkstationFixture.h"
#include "study/Study.h"
#include "ui/DocumentController.h"
#include "ui/RecoveryStore.h"
#include "ui/PredictionRunner.h"
#include "ui/StudyDocument.h"
#include "ui/ToolSettings.h"
#include "ui/panels/LabelsPanel.h"
#include "ui/panels/WorklistPanel.h"
#include "viewers/SliceCursor.h"

using namespace slicewise;

class EditingWorkstationTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void brushStrokePaintsUnderTheMouse();
  void locksAndOverwriteModesHold();
  void fillAndPolygon();
  void worklistNextAndMarks();
  void closingWithUnsavedWorkAsks();
  void saveAsKeepsWorkingAndUndo();
  void studyMadeByTheCliOpensWithItsWorklist();

 private:
  void open(MainWindow& window, const QString& image, const QString& labels = {});
};

namespace {

// The voxels whose centres lie within `radiusMm` of the segment between plane points a and b on
// axial slice k (pixel spacing 0.8 mm), computed plainly here.
std::set<size_t> capsule(const ImageGeometry& g, int64_t k, SlicePoint a, SlicePoint b, double radiusMm) {
  std::set<size_t> out;
  for (int64_t j = 0; j < g.size[1]; ++j)
    for (int64_t i = 0; i < g.size[0]; ++i) {
      const double px = i * 0.8, py = j * 0.8, ax = a.u * 0.8, ay = a.v * 0.8, bx = b.u * 0.8, by = b.v * 0.8;
      const double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
      const double t = len2 > 0 ? std::clamp(((px - ax) * dx + (py - ay) * dy) / len2, 0.0, 1.0) : 0.0;
      const double ex = ax + t * dx - px, ey = ay + t * dy - py;
      if (ex * ex + ey * ey <= radiusMm * radiusMm) out.insert(g.linearIndex(i, j, k));
    }
  return out;
}

std::set<size_t> voxelsOf(const LabelVolume& l, Label label, int64_t k) {
  std::set<size_t> out;
  const ImageGeometry& g = l.geometry();
  for (int64_t j = 0; j < g.size[1]; ++j)
    for (int64_t i = 0; i < g.size[0]; ++i)
      if (l.at(i, j, k) == label) out.insert(g.linearIndex(i, j, k));
  return out;
}

}  // namespace

void EditingWorkstationTest::open(MainWindow& window, const QString& image, const QString& labels) {
  LoadedDocument d = DocumentLoader::image(image, labels);
  window.adopt(d);
  window.resize(1400, 900);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  // Keys go through the menus' shortcuts, which need the window active.
  window.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  window.cursor()->setPosition({32, 24, 7});
}

void EditingWorkstationTest::brushStrokePaintsUnderTheMouse() {
  const auto [image, labels] = test::writeWorkstationCase(test::scratchDir());
  MainWindow window;
  open(window, image);
  SliceView* axial = window.sliceView(SliceAxis::Axial);
  window.toolSettings()->setActiveLabel(3);
  window.toolSettings()->setBrushDiameterMm(4.0);
  window.action("tools.brush")->trigger();
  const std::vector<QPointF> path{test::at(axial, 20, 30), test::at(axial, 28, 31), test::at(axial, 45, 33)};
  test::drag(axial, path);
  // The voxels under the path as the view maps the mouse positions, within 2 mm.
  std::set<size_t> expected;
  for (size_t i = 0; i + 1 < path.size(); ++i)
    for (size_t v : capsule(window.document()->geometry(), 7, axial->viewport().planePoint(path[i]),
                            axial->viewport().planePoint(path[i + 1]), 2.0))
      expected.insert(v);
  const LabelVolume& now = window.document()->annotation().labels;
  QCOMPARE(voxelsOf(now, 3, 7), expected);
  QVERIFY(expected.size() > 100);
  for (int64_t k : {6, 8}) QVERIFY(voxelsOf(now, 3, k).empty());  // a disc stays on its slice
  for (size_t v : expected) QCOMPARE(window.document()->annotation().provenance.at(v), VoxelOrigin::Drawn);
  // One stroke, one undo step; undo restores every voxel and its provenance.
  QCOMPARE(window.document()->undoStack()->count(), size_t(1));
  QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
  QVERIFY(voxelsOf(window.document()->annotation().labels, 3, 7).empty());
  QCOMPARE(window.document()->annotation().provenance.count(VoxelOrigin::Drawn), size_t(0));
  QTest::keyClick(&window, Qt::Key_Y, Qt::ControlModifier);
  QCOMPARE(voxelsOf(window.document()->annotation().labels, 3, 7), expected);
  // The view shows it under the mouse: voxel (28, 31) (value 311) blends label 3's colour at the
  // panel's opacity of one half.
  const QImage frame = axial->grab().toImage();
  const QColor shown = frame.pixelColor(test::at(axial, 28, 31).toPoint());
  const int grey = axial->layers().window.grey(311);
  const Rgb l3 = window.document()->annotation().table.infoOrDefault(3).color;
  QCOMPARE(shown, QColor(int(std::lround(grey * 0.5 + l3.r * 0.5)), int(std::lround(grey * 0.5 + l3.g * 0.5)),
                         int(std::lround(grey * 0.5 + l3.b * 0.5))));
  window.document()->setDiscarded(true);
}

void EditingWorkstationTest::locksAndOverwriteModesHold() {
  const QString dir = test::scratchDir();
  const auto [image, labels] = test::writeWorkstationCase(dir);
  MainWindow window;
  open(window, image, labels);
  SliceView* axial = window.sliceView(SliceAxis::Axial);
  StudyDocument* doc = window.document();
  const LabelVolume before = doc->annotation().labels;
  // Lock label 1 through the labels panel's Lock box.
  QTableWidget* table = window.labelsPanel()->table();
  QCOMPARE(table->rowCount(), 2);
  table->item(0, 3)->setCheckState(Qt::Checked);
  QVERIFY(doc->editor().isLocked(1));
  window.toolSettings()->setActiveLabel(2);
  window.toolSettings()->setBrushDiameterMm(30.0);
  window.action("tools.brush")->trigger();
  // A 30 mm brush over both blocks on slice 7: locked label 1 keeps its 100 voxels.
  test::drag(axial, {test::at(axial, 15, 15), test::at(axial, 45, 15)});
  QCOMPARE(voxelsOf(doc->annotation().labels, 1, 7).size(), size_t(100));
  const size_t painted = voxelsOf(doc->annotation().labels, 2, 7).size();
  QVERIFY(painted > 100 + 400);
  // Painting with the locked label is refused outright.
  window.toolSettings()->setActiveLabel(1);
  test::drag(axial, {test::at(axial, 30, 40), test::at(axial, 35, 40)});
  QCOMPARE(voxelsOf(doc->annotation().labels, 1, 7).size(), size_t(100));
  // "Only over label 2" on slice 8: only label 2's 100 voxels there change.
  window.toolSettings()->setActiveLabel(4);
  window.toolSettings()->setOverwrite(OverwriteRule::over(2));
  window.cursor()->setPosition({32, 24, 8});
  test::drag(axial, {test::at(axial, 10, 15), test::at(axial, 55, 15)});
  QCOMPARE(voxelsOf(doc->annotation().labels, 4, 8), voxelsOf(before, 2, 8));
  // "Only unlabelled" on slice 9: labels 1 and 2 stay, background around them becomes 5.
  window.toolSettings()->setActiveLabel(5);
  window.toolSettings()->setOverwrite(OverwriteRule::unlabelled());
  window.cursor()->setPosition({32, 24, 9});
  test::drag(axial, {test::at(axial, 15, 15), test::at(axial, 45, 15)});
  QCOMPARE(voxelsOf(doc->annotation().labels, 1, 9).size(), size_t(100));
  QCOMPARE(voxelsOf(doc->annotation().labels, 2, 9).size(), size_t(100));
  QVERIFY(voxelsOf(doc->annotation().labels, 5, 9).size() > 300);
  // Undo all the way back: byte-exact.
  while (doc->undoStack()->canUndo()) window.action("edit.undo")->trigger();
  QVERIFY(doc->annotation().labels.data() == before.data());
  QCOMPARE(doc->annotation().provenance.count(VoxelOrigin::Drawn), size_t(0));
  QVERIFY(!doc->editor().isLocked(1));
  doc->setDiscarded(true);
}

void EditingWorkstationTest::fillAndPolygon() {
  const auto [image, labels] = test::writeWorkstationCase(test::scratchDir());
  MainWindow window;
  open(window, image);
  SliceView* axial = window.sliceView(SliceAxis::Axial);
  StudyDocument* doc = window.document();
  // Fill at (20, 10) whose value is 210, tolerance 15: columns i with |10 i + j - 210| <= 15 that
  // connect to it; counted plainly here.
  window.toolSettings()->setActiveLabel(6);
  window.toolSettings()->setFillTolerance(15);
  window.action("tools.fill")->trigger();
  QTest::mouseClick(axial, Qt::LeftButton, {}, test::at(axial, 20, 10).toPoint());
  size_t inRange = 0;
  for (int64_t j = 0; j < 48; ++j)
    for (int64_t i = 0; i < 64; ++i) inRange += std::abs(10 * i + j - 210) <= 15 ? 1 : 0;
  QCOMPARE(voxelsOf(doc->annotation().labels, 6, 7).size(), inRange);
  // Polygon: a square from (9.5, 29.5) to (20.5, 40.5), closed with Enter: the 11 x 11 pixels
  // whose centres lie inside (u and v 10..20 and 30..40).
  window.toolSettings()->setActiveLabel(7);
  window.action("tools.polygon")->trigger();
  for (const auto& [u, v] : std::vector<std::pair<double, double>>{{9.5, 29.5}, {20.5, 29.5}, {20.5, 40.5}, {9.5, 40.5}})
    QTest::mouseClick(axial, Qt::LeftButton, {}, test::at(axial, u, v).toPoint());
  QTest::keyClick(axial, Qt::Key_Return);
  QCOMPARE(voxelsOf(doc->annotation().labels, 7, 7).size(), size_t(11 * 11));
  QCOMPARE(doc->undoStack()->count(), size_t(2));
  // The picker makes the label under the mouse active.
  window.action("tools.picker")->trigger();
  QTest::mouseClick(axial, Qt::LeftButton, {}, test::at(axial, 15, 35).toPoint());
  QCOMPARE(window.toolSettings()->activeLabel(), Label(7));
  doc->setDiscarded(true);
}

void EditingWorkstationTest::worklistNextAndMarks() {
  const auto [image, labels] = test::writeWorkstationCase(test::scratchDir());
  MainWindow window;
  open(window, image);
  WorklistPanel* worklist = window.worklistPanel();
  worklist->setAxis(SliceAxis::Axial);
  worklist->buildWorklist();  // keep_n, 20 % of 20 slices: 4, in worklist order
  worklist->waitForSelection();
  // keep_n picks ((2i + 1) 20) div 8 = 2, 7, 12, 17; the worklist order starts the spread there.
  const std::vector<int64_t> list = window.document()->annotation().marks.worklist(SliceAxis::Axial);
  QCOMPARE(std::set<int64_t>(list.begin(), list.end()), (std::set<int64_t>{2, 7, 12, 17}));
  QCOMPARE(worklist->list()->count(), 4);
  QCOMPARE(worklist->progressText(), QString("0 of 4 annotated"));
  QTest::keyClick(&window, Qt::Key_N);
  QCOMPARE(window.sliceView(SliceAxis::Axial)->sliceIndex(), list[0]);
  QTest::keyClick(&window, Qt::Key_D);  // done
  QCOMPARE(window.document()->annotation().marks.get(SliceAxis::Axial, list[0]).annotation, AnnotationState::Done);
  QCOMPARE(window.sliceView(SliceAxis::Axial)->markText(), QString("done"));
  QTest::keyClick(&window, Qt::Key_Space);
  QCOMPARE(window.sliceView(SliceAxis::Axial)->sliceIndex(), list[1]);
  QVERIFY(window.sliceView(SliceAxis::Axial)->markText().startsWith("to annotate 2 of 4"));
  QTest::keyClick(&window, Qt::Key_E);  // empty here
  QCOMPARE(window.document()->annotation().marks.get(SliceAxis::Axial, list[1]).annotation, AnnotationState::EmptyHere);
  QCOMPARE(worklist->progressText(), QString("2 of 4 annotated"));
  QTest::keyClick(&window, Qt::Key_N);
  QCOMPARE(window.sliceView(SliceAxis::Axial)->sliceIndex(), list[2]);
  // Predicting from the two keys shows a proposal at once (a separate layer; labels unchanged).
  worklist->predict();
  worklist->predictionRunner()->wait();
  QVERIFY(window.document()->proposal());
  QCOMPARE(window.document()->proposal()->predictor, std::string("shape"));
  QVERIFY(window.document()->annotation().labels.labelCounts().empty());
  window.document()->setDiscarded(true);
}

void EditingWorkstationTest::closingWithUnsavedWorkAsks() {
  const auto [image, labels] = test::writeWorkstationCase(test::scratchDir());
  auto window = std::make_unique<MainWindow>();
  open(*window, image);
  const QString recovery = window->document()->folder();
  QVERIFY(RecoveryStore::holds(recovery));
  window->toolSettings()->setActiveLabel(2);
  window->action("tools.brush")->trigger();
  SliceView* axial = window->sliceView(SliceAxis::Axial);
  test::drag(axial, {test::at(axial, 20, 20), test::at(axial, 30, 20)});
  QVERIFY(window->document()->hasUnsavedChanges());
  QString asked;
  test::answerNextMessageBox("Cancel", &asked);
  QVERIFY(!window->close());  // cancelled: the window stays, the work too
  QVERIFY(asked.contains("not saved as a study yet"));
  QVERIFY(window->isVisible());
  test::answerNextMessageBox("Discard");
  QVERIFY(window->close());
  window.reset();
  QVERIFY(!QDir(recovery).exists());  // discarded unnamed work leaves nothing behind
}

// Save As turns unnamed work into a study folder where the person chose, goes on there (undo
// included) and removes the unnamed copy.
void EditingWorkstationTest::saveAsKeepsWorkingAndUndo() {
  const QString dir = test::scratchDir();
  const auto [image, labels] = test::writeWorkstationCase(dir);
  MainWindow window;
  open(window, image);
  StudyDocument* doc = window.document();
  const QString unnamed = doc->folder();
  window.toolSettings()->setActiveLabel(2);
  window.action("tools.brush")->trigger();
  SliceView* axial = window.sliceView(SliceAxis::Axial);
  test::drag(axial, {test::at(axial, 20, 20), test::at(axial, 40, 20)});
  const uint64_t painted = doc->annotation().labels.labelCounts().at(2);
  QVERIFY(window.controller()->saveAs(dir + "/liver.study"));
  QCOMPARE(doc->folder(), dir + "/liver.study");
  QVERIFY(!doc->isUnnamed());
  QCOMPARE(doc->title(), QString("liver.study"));
  QVERIFY(!QDir(unnamed).exists());
  // Working on: another stroke saves into the new folder, and undo still reaches the first.
  test::drag(axial, {test::at(axial, 20, 30), test::at(axial, 40, 30)});
  QCOMPARE(doc->undoStack()->count(), size_t(2));
  doc->undoStack()->undo();
  QCOMPARE(doc->annotation().labels.labelCounts().at(2), painted);
  QCOMPARE(doc->flush(), QString());
  auto reread = Study::open((dir + "/liver.study").toStdString(), Study::Mode::ReadOnly);
  QCOMPARE(reread->labels().labelCounts().at(2), painted);
  QCOMPARE(reread->imagePath(), image.toStdString());  // the image stays where it is
}

void EditingWorkstationTest::studyMadeByTheCliOpensWithItsWorklist() {
  const QString dir = test::scratchDir();
  const auto [image, labels] = test::writeWorkstationCase(dir);
  const QString study = dir + "/cli.study";
  QCOMPARE(test::runCli({"study", "create", image, "--out", study}).exitCode, 0);
  QCOMPARE(test::runCli({"select", image, "--selector", "keep_n", "--budget", "20", "--study", study}).exitCode, 0);
  QCOMPARE(test::runCli({"study", "annotate", study, "--from", labels, "--slices", "7,12"}).exitCode, 0);
  MainWindow window;
  LoadedDocument d = DocumentLoader::study(study);
  window.adopt(d);
  window.resize(1400, 900);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  window.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  QVERIFY(!window.document()->isUnnamed());
  QCOMPARE(window.worklistPanel()->axis(), SliceAxis::Axial);
  QCOMPARE(window.worklistPanel()->list()->count(), 4);
  QCOMPARE(window.worklistPanel()->progressText(), QString("2 of 4 annotated"));
  QVERIFY(window.worklistPanel()->list()->item(0)->text().endsWith("to annotate") ||
          window.worklistPanel()->list()->item(0)->text().endsWith("done"));
  window.sliceView(SliceAxis::Axial)->setSliceIndex(7);
  QCOMPARE(window.sliceView(SliceAxis::Axial)->markText(), QString("done"));
  QCOMPARE(window.labelsPanel()->table()->rowCount(), 2);  // labels 1 and 2 drawn on slices 7 and 12
  QTest::keyClick(&window, Qt::Key_N);
  const int64_t next = window.sliceView(SliceAxis::Axial)->sliceIndex();
  QVERIFY(next == 2 || next == 17);
}

SLICEWISE_GL_TEST_MAIN(EditingWorkstationTest)
#include "EditingWorkstationTest.moc"
