// `cohort next` and `cohort queue` choose as documented: keys missing first (a study begun
// before a new one), then reviews (one under way before a fresh proposal); flagged studies are
// passed over; studies with keys and no proposal or job are the ones to queue.
#include <QTest>

#include "cohort/CohortPlanner.h"

using namespace slicewise;

class CohortPlannerTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void keysMissingComeFirst();
  void newStudiesBeforeReviews();
  void reviewUnderWayBeforeAFreshProposal();
  void nothingLeftSaysWhatWaits();
  void queueTakesStudiesWithKeysAndNoProposal();
};

namespace {

CohortStudyStatus study(const std::string& name, StudyStage stage, int keysDone = 0, int keysPlanned = 0,
                        int reviewed = 0, int toReview = 0) {
  CohortStudyStatus s;
  s.entry.name = name;
  s.folder = "/cohort/studies/" + name;
  s.progress.stage = stage;
  s.progress.keys = s.progress.keysDone = keysDone;
  s.progress.keysPlanned = keysPlanned;
  s.progress.reviewed = reviewed;
  s.progress.toReview = toReview;
  return s;
}

}  // namespace

void CohortPlannerTest::keysMissingComeFirst() {
  std::vector<CohortStudyStatus> list{study("a", StudyStage::Predicted, 0, 0, 0, 40),
                                      study("b", StudyStage::New),
                                      study("c", StudyStage::Annotating, 3, 8),
                                      study("d", StudyStage::Reviewing, 0, 0, 12, 40)};
  CohortNextChoice c = CohortPlanner::next(list);
  QCOMPARE(c.index, std::optional<size_t>(2));
  QCOMPARE(c.reason, std::string("keys missing: 3 of 8 drawn"));
  list[2].labelConflicts = {"label 1 is 'spleen' here, 'liver' in the cohort"};
  QCOMPARE(CohortPlanner::next(list).index, std::optional<size_t>(1));  // flagged: passed over
}

void CohortPlannerTest::newStudiesBeforeReviews() {
  const std::vector<CohortStudyStatus> list{study("a", StudyStage::Predicted, 0, 0, 0, 40),
                                            study("c", StudyStage::Annotating, 8, 8),
                                            study("b", StudyStage::New)};
  const CohortNextChoice c = CohortPlanner::next(list);
  QCOMPARE(c.index, std::optional<size_t>(2));
  QCOMPARE(c.reason, std::string("no keys yet: choose its key slices and draw them"));
}

void CohortPlannerTest::reviewUnderWayBeforeAFreshProposal() {
  std::vector<CohortStudyStatus> list{study("a", StudyStage::Predicted, 0, 0, 0, 40),
                                      study("d", StudyStage::Reviewing, 0, 0, 12, 40)};
  CohortNextChoice c = CohortPlanner::next(list);
  QCOMPARE(c.index, std::optional<size_t>(1));
  QCOMPARE(c.reason, std::string("review under way: 12 of 40 predicted slices accepted or corrected"));
  list.pop_back();
  c = CohortPlanner::next(list);
  QCOMPARE(c.index, std::optional<size_t>(0));
  QCOMPARE(c.reason, std::string("a proposal waits for review: 40 predicted slices"));
}

void CohortPlannerTest::nothingLeftSaysWhatWaits() {
  std::vector<CohortStudyStatus> list{study("a", StudyStage::Queued), study("b", StudyStage::Annotating, 5, 5),
                                      study("c", StudyStage::Done), study("d", StudyStage::Exported)};
  list.push_back(study("e", StudyStage::New));
  list.back().error = "the image of study /cohort/studies/e is missing";
  const CohortNextChoice c = CohortPlanner::next(list);
  QVERIFY(!c.index);
  QCOMPARE(c.reason, std::string("nothing waits for you; 1 with keys complete to queue (cohort queue); 1 queued; "
                                 "1 flagged (see cohort status)"));
}

void CohortPlannerTest::queueTakesStudiesWithKeysAndNoProposal() {
  const std::vector<CohortStudyStatus> list{study("a", StudyStage::Queued, 5, 5),
                                            study("b", StudyStage::Annotating, 5, 5),
                                            study("c", StudyStage::Annotating, 2, 5),
                                            study("d", StudyStage::Annotating, 0, 5),
                                            study("e", StudyStage::Predicted, 5, 5, 0, 40),
                                            study("f", StudyStage::New)};
  QCOMPARE(CohortPlanner::toQueue(list), (std::vector<size_t>{1, 2}));
}

QTEST_GUILESS_MAIN(CohortPlannerTest)
#include "CohortPlannerTest.moc"
