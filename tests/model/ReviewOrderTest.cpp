// The review order: a proposal's predicted slices, lowest confidence first, or greatest
// disagreement with a second proposal first; keys and slices annotated since are left out.
#include <QTest>

#include "model/ReviewOrder.h"

using namespace slicewise;

class ReviewOrderTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void lowestConfidenceFirst() {
    ImageGeometry g;
    g.size = {4, 4, 6};
    Proposal p;
    p.axis = SliceAxis::Axial;
    p.labels = LabelVolume(g);
    p.keySlices = {0, 5};
    p.sliceConfidence = {1.0f, 0.7f, 0.2f, 0.9f, 0.4f, 1.0f};
    SliceMarks marks;
    std::vector<ReviewItem> order = ReviewOrder::compute(p, marks);
    std::vector<int64_t> slices;
    for (const ReviewItem& i : order) slices.push_back(i.slice);
    QCOMPARE(slices, (std::vector<int64_t>{2, 4, 1, 3}));
    // Slice 3 annotated since: no prediction to review; slice 4 accepted: reviewed.
    marks.setAnnotation(SliceAxis::Axial, 3, AnnotationState::Done);
    marks.setReview(SliceAxis::Axial, 4, ReviewState::Accepted, 1);
    order = ReviewOrder::compute(p, marks);
    QCOMPARE(order.size(), size_t(3));
    QVERIFY(order[1].reviewed && order[1].slice == 4);
    // Suggest: the least certain that are neither reviewed, keys nor on the worklist.
    marks.setWorklist(SliceAxis::Axial, {2});
    QCOMPARE(ReviewOrder::suggest(order, marks, SliceAxis::Axial, 5), (std::vector<int64_t>{1}));
  }

  void greatestDisagreementFirst() {
    ImageGeometry g;
    g.size = {4, 1, 4};
    Proposal a, b;
    a.axis = b.axis = SliceAxis::Axial;
    a.labels = b.labels = LabelVolume(g);
    a.sliceConfidence = b.sliceConfidence = {0.5f, 0.5f, 0.5f, 0.5f};
    // Slice 0: same (disagreement 0); 1: half overlap (Dice 2*1/(2+1) = 2/3); 2: none (1);
    // 3: both empty (0).
    a.labels.set(0, 0, 0, 1), b.labels.set(0, 0, 0, 1);
    a.labels.set(0, 0, 1, 1), a.labels.set(1, 0, 1, 1), b.labels.set(0, 0, 1, 1);
    a.labels.set(0, 0, 2, 1), b.labels.set(3, 0, 2, 1);
    const std::vector<ReviewItem> order = ReviewOrder::compute(a, SliceMarks(), &b);
    QCOMPARE(order[0].slice, int64_t(2));
    QCOMPARE(order[0].disagreement, 1.0);
    QCOMPARE(order[1].slice, int64_t(1));
    QVERIFY(std::abs(order[1].disagreement - 1.0 / 3.0) < 1e-12);
  }
};

QTEST_GUILESS_MAIN(ReviewOrderTest)
#include "ReviewOrderTest.moc"
