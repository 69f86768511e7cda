// A cohort in the workstation: the cohort panel lists each study with its stage and progress,
// double-click opens a study, "Next Study in the Cohort" opens the one CohortPlanner picks (keys
// missing first), Queue Tonight queues the studies with keys (leaving the one open here to the
// worklist, which holds it), and the morning summary shows the cohort's line and each study's
// stage, including reviews left from before.
#include <QDockWidget>
#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QSettings>
#include <QTableWidget>
#include <QTest>

#include "TestData.h"
#include "WorkstationFixture.h"
#include "cohort/Cohort.h"
#include "model/KeyStateHash.h"
#include "queue/QueueDatabase.h"
#include "study/Study.h"
#include "ui/MorningSummaryDialog.h"
#include "ui/StudyDocument.h"
#include "ui/panels/CohortPanel.h"

using namespace slicewise;

namespace {

QString cell(QTableWidget* t, int row, int column) { return t->item(row, column) ? t->item(row, column)->text() : QString(); }

// Label 1 on slice k as the workstation case has it, marked done.
void drawKey(Study& study, int64_t k) {
  VoxelList voxels;
  for (int64_t j = 10; j < 20; ++j)
    for (int64_t i = 10; i < 20; ++i) voxels.push_back(int64_t(study.geometry().linearIndex(i, j, k)));
  study.editor().paint(voxels, 1);
  study.editor().setAnnotationState(SliceAxis::Axial, k, AnnotationState::Done);
}

}  // namespace

class CohortWorkstationTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    root_ = test::scratchDir();
    qputenv("XDG_CONFIG_HOME", (root_ + "/config").toLocal8Bit());
    qputenv("XDG_DATA_HOME", (root_ + "/data").toLocal8Bit());
    QCoreApplication::setOrganizationName(QStringLiteral("slicewise-test"));
    QSettings().setValue(QStringLiteral("queue/summarySeen"), 0);
    QSettings().setValue(QStringLiteral("queue/path"), root_ + "/queue/queue.sqlite");
  }

  void panelListsStagesOpensAndPicksTheNext() {
    const auto [image, labels] = test::writeWorkstationCase(root_);
    const std::string cohortDir = (root_ + "/cohort").toStdString();
    auto cohort = Cohort::create(cohortDir);
    const std::string predicted = cohort->addImage(image.toStdString());
    const std::string fresh = cohort->addImage(image.toStdString());
    const std::string started = cohort->addImage(image.toStdString());
    {  // "case": keys on 2, 9, 16 and a proposal for them, not reviewed yet
      auto study = Study::open(predicted);
      for (int64_t k : {2, 9, 16}) drawKey(*study, k);
      study->save("r", "keys");
      Proposal p;
      p.predictor = "shape";
      p.labels = study->labels();
      p.sliceConfidence.assign(20, 0.8f);
      p.keySlices = {2, 9, 16};
      p.keyState = keyStateHash(study->annotation(), SliceAxis::Axial);
      study->addProposal(p);
    }
    {  // "case-3": a worklist of four, one drawn
      auto study = Study::open(started);
      study->editor().setWorklist(SliceAxis::Axial, {1, 7, 13, 19});
      drawKey(*study, 1);
      study->save("r", "first key");
    }

    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openCohort(QString::fromStdString(cohortDir)));
    CohortPanel* panel = window.cohortPanel();
    panel->refresh(true);
    QTableWidget* table = panel->table();
    QCOMPARE(table->rowCount(), 3);
    QCOMPARE(cell(table, 0, 0), QString("case"));
    QCOMPARE(cell(table, 0, 1), QString("predicted"));
    QCOMPARE(cell(table, 0, 2), QString("0 of 17 reviewed"));
    QCOMPARE(cell(table, 1, 0), QString("case-2"));
    QCOMPARE(cell(table, 1, 1), QString("new"));
    QCOMPARE(cell(table, 2, 1), QString("annotating"));
    QCOMPARE(cell(table, 2, 2), QString("1 of 4 keys"));
    QVERIFY(panel->totalsLabel()->text().contains("4 slices drawn"));
    QVERIFY(window.findChild<QDockWidget*>("Cohort")->isVisible());

    // Double-click opens the study.
    const QPoint row1 = table->visualItemRect(table->item(1, 0)).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, row1);  // item views need the press first
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, row1);
    QTRY_VERIFY(window.document() && QFileInfo(window.document()->folder()) == QFileInfo(QString::fromStdString(fresh)));

    // Next: the study with keys missing, before the new one and the one waiting for review.
    window.action("cohort.next")->trigger();
    QTRY_VERIFY(window.document() && QFileInfo(window.document()->folder()) == QFileInfo(QString::fromStdString(started)));
    QTRY_VERIFY(window.statusBar()->currentMessage().contains("keys missing: 1 of 4 drawn"));

    // Queue Tonight: the studies with keys and no proposal ("case-3", open here, and none else).
    QPushButton* queueTonight = nullptr;
    for (QPushButton* b : panel->findChildren<QPushButton*>())
      if (b->text() == "Queue Tonight") queueTonight = b;
    QVERIFY(queueTonight && queueTonight->isEnabled());
    queueTonight->click();
    QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().startsWith("Queued"), 20000);
    QCOMPARE(window.statusBar()->currentMessage(),
             QString("Queued 0 study(ies) for tonight; case-3 is open here: queue it with Worklist \u203a Predict Tonight"));
    // With another study open, "case-3" goes to the queue for tonight.
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, row1);
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, row1);
    QTRY_VERIFY(window.document() && QFileInfo(window.document()->folder()) == QFileInfo(QString::fromStdString(fresh)));
    window.statusBar()->clearMessage();
    queueTonight->click();
    QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().startsWith("Queued"), 20000);
    QCOMPARE(window.statusBar()->currentMessage(), QString("Queued 1 study(ies) for tonight"));
    const std::vector<QueueJob> jobs = QueueDatabase((root_ + "/queue/queue.sqlite").toStdString()).list();
    QCOMPARE(jobs.size(), size_t(1));
    QCOMPARE(jobs[0].state, QueueState::Scheduled);
    QCOMPARE(QFileInfo(QString::fromStdString(jobs[0].request.study)), QFileInfo(QString::fromStdString(started)));
    QTRY_COMPARE(cell(table, 2, 1), QString("queued"));

    // The morning summary, across the cohort: its line (case-3 queued now), and the review left from
    // before.
    MorningSummaryDialog summary({}, 0);
    summary.addCohort("cohort", panel->studies(), panel->summaryLine());
    QCOMPARE(summary.cohortLine()->text(), QString("Cohort cohort: 1 to review, 1 to annotate, 1 queued"));
    QCOMPARE(summary.rows(), 1);
    QCOMPARE(cell(summary.table(), 0, 0), QString("case"));
    QCOMPARE(cell(summary.table(), 0, 6), QString("predicted (0 of 17 reviewed)"));
  }

 private:
  QString root_;
};

QTEST_MAIN(CohortWorkstationTest)
#include "CohortWorkstationTest.moc"
