// Review in the workstation, keys and all: with injected, distinct confidences the review visits
// the predicted slices lowest confidence first; accept, correct and reject change marks and
// provenance as DESIGN §2 says and undo restores them; export asks while slices are unreviewed.
#include <QListWidget>
#include <QtTest>

#include "GlTestMain.h"
#include "TestData.h"
#include "WorkstationFixture.h"
#include "study/Study.h"
#include "ui/DocumentController.h"
#include "ui/StudyDocument.h"
#include "ui/ToolSettings.h"
#include "ui/panels/ReviewPanel.h"
#include "viewers/SliceCursor.h"

using namespace slicewise;

class ReviewWorkstationTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void reviewInConfidenceOrder() {
    const auto [image, labels] = test::writeWorkstationCase(test::scratchDir());
    MainWindow window;
    LoadedDocument d = DocumentLoader::image(image);
    window.adopt(d);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    StudyDocument* doc = window.document();
    // A person drew one voxel on slice 6, label 1.
    doc->record(doc->editor().paint({int64_t(doc->geometry().linearIndex(5, 5, 6))}, 1));
    // A proposal from keys 0 and 19: label 2 on i 30..39, j 30..39 of every slice; confidence
    // of slice s = (s * 7 mod 20) / 20, all distinct.
    Proposal p;
    p.predictor = "shape";
    p.axis = SliceAxis::Axial;
    p.labels = LabelVolume(doc->geometry());
    p.keySlices = {0, 19};
    for (int64_t k = 0; k < 20; ++k) {
      p.sliceConfidence.push_back(float((k * 7) % 20) / 20.0f);
      for (int64_t j = 30; j < 40; ++j)
        for (int64_t i = 30; i < 40; ++i) p.labels.set(i, j, k, 2);
    }
    p.labels.set(5, 5, 6, 2);  // where the person drew label 1
    doc->addProposal(p);
    ReviewPanel* review = window.reviewPanel();
    QCOMPARE(review->order().size(), size_t(18));
    QCOMPARE(review->progressText(), QString("0 of 18 reviewed"));
    // Ascending confidence: 7k mod 20 = 1 at k 3, 2 at k 6, 3 at k 9, 4 at k 12, 5 at k 15, ...
    std::vector<int64_t> visited;
    for (int i = 0; i < 5; ++i) {
      QTest::keyClick(&window, Qt::Key_J);
      visited.push_back(window.sliceView(SliceAxis::Axial)->sliceIndex());
    }
    QCOMPARE(visited, (std::vector<int64_t>{3, 6, 9, 12, 15}));

    // Back to slice 3 (K walks back) and accept it: accepted voxels, the mark names the proposal.
    for (int i = 0; i < 4; ++i) QTest::keyClick(&window, Qt::Key_K);
    QCOMPARE(review->current()->slice, int64_t(3));
    const Annotation before = doc->annotation();
    QTest::keyClick(&window, Qt::Key_A);
    const SliceMark m3 = doc->annotation().marks.get(SliceAxis::Axial, 3);
    QCOMPARE(m3.review, ReviewState::Accepted);
    QCOMPARE(m3.reviewedProposal, doc->proposalId());
    QCOMPARE(doc->annotation().labels.at(35, 35, 3), Label(2));
    QCOMPARE(doc->annotation().provenance.at(doc->geometry().linearIndex(35, 35, 3)), VoxelOrigin::Accepted);
    QCOMPARE(doc->annotation().provenance.at(doc->geometry().linearIndex(0, 0, 3)), VoxelOrigin::Accepted);
    // Accepting moved on to the next unreviewed slice, 6: the drawn voxel there survives accept.
    QCOMPARE(window.sliceView(SliceAxis::Axial)->sliceIndex(), int64_t(6));
    QTest::keyClick(&window, Qt::Key_A);
    QCOMPARE(doc->annotation().labels.at(5, 5, 6), Label(1));
    QCOMPARE(doc->annotation().provenance.at(doc->geometry().linearIndex(5, 5, 6)), VoxelOrigin::Drawn);
    // Slice 9: corrected (after edits with the tools): a key now.
    QTest::keyClick(&window, Qt::Key_A, Qt::ShiftModifier);
    QCOMPARE(doc->annotation().marks.get(SliceAxis::Axial, 9).review, ReviewState::Corrected);
    QVERIFY(doc->annotation().marks.get(SliceAxis::Axial, 9).isKey());
    // Slice 12: rejected, back on the worklist.
    QTest::keyClick(&window, Qt::Key_X);
    QCOMPARE(doc->annotation().marks.get(SliceAxis::Axial, 12).review, ReviewState::Rejected);
    QCOMPARE(doc->annotation().marks.worklist(SliceAxis::Axial), std::vector<int64_t>{12});
    QCOMPARE(review->progressText(), QString("4 of 18 reviewed"));
    // Four undos restore labels, provenance and marks as they were.
    for (int i = 0; i < 4; ++i) QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(doc->annotation() == before);
    QCOMPARE(review->progressText(), QString("0 of 18 reviewed"));

    // Export while slices are unreviewed asks first.
    bool go = true;
    test::answerNextMessageBox("No");
    go = window.controller()->confirmUnreviewed();
    QVERIFY(!go);
    test::answerNextMessageBox("Yes");
    QVERIFY(window.controller()->confirmUnreviewed());
    // Accept everything at confidence >= 0: nothing left unreviewed, no question.
    doc->record(doc->editor().acceptSlices(*doc->proposal(), doc->proposalId(), [&] {
      std::vector<int64_t> all;
      for (const ReviewItem& item : review->order()) all.push_back(item.slice);
      return all;
    }()));
    QVERIFY(window.controller()->confirmUnreviewed());
    // The review time went into the study: one entry per slice decided above.
    QCOMPARE(doc->study().reviewSeconds().size(), size_t(4));
    doc->setDiscarded(true);
  }
};

SLICEWISE_GL_TEST_MAIN(ReviewWorkstationTest)
#include "ReviewWorkstationTest.moc"
