// The overnight queue from the workstation: Predict now / Tonight from the worklist put the
// study's keys in the queue, the queue panel shows the jobs and cancels and retries them, a real
// worker process (slicewise-cli worker --once) trains the job with the real trainer, and the
// window, told by the panel that the job finished, imports the proposal into the open study
// without touching what a person drew; the morning summary lists it.
#include <QDockWidget>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QTest>

#include "TestData.h"
#include "WorkstationFixture.h"
#include "queue/QueueDatabase.h"
#include "ui/MorningSummaryDialog.h"
#include "ui/StudyDocument.h"
#include "ui/panels/QueuePanel.h"
#include "ui/panels/WorklistPanel.h"

using namespace slicewise;

namespace {

QPushButton* button(QWidget* parent, const QString& text) {
  for (QPushButton* b : parent->findChildren<QPushButton*>())
    if (b->text().remove('&') == text) return b;
  return nullptr;
}

QString cell(QTableWidget* t, int row, int column) { return t->item(row, column) ? t->item(row, column)->text() : QString(); }

}  // namespace

class QueueWorkstationTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    const QString root = test::scratchDir() + "/queue-workstation";
    QDir(root).removeRecursively();
    QDir().mkpath(root);
    qputenv("XDG_CONFIG_HOME", (root + "/config").toLocal8Bit());
    qputenv("XDG_DATA_HOME", (root + "/data").toLocal8Bit());
    QCoreApplication::setOrganizationName(QStringLiteral("slicewise-test"));
    queuePath_ = root + "/queue/queue.sqlite";
    QSettings().setValue(QStringLiteral("queue/path"), queuePath_);
    QSettings().setValue(QStringLiteral("queue/iterations"), 30);  // seconds of training, not minutes
    QSettings().setValue(QStringLiteral("queue/summarySeen"), 0);
    root_ = root;
  }

  void queueTrainImportAndSummarise() {
    const auto [image, labels] = test::writeWorkstationCase(root_);
    MainWindow window;
    LoadedDocument d = DocumentLoader::image(image, labels);
    window.adopt(d);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    StudyDocument* doc = window.document();
    WorklistPanel* worklist = window.worklistPanel();
    QueuePanel* queue = window.queuePanel();
    worklist->setAxis(SliceAxis::Axial);

    // No keys yet: nothing is queued, and the message says why.
    QPushButton* now = button(worklist, "Predict now");
    QPushButton* tonight = button(worklist, "Tonight");
    QVERIFY(now && tonight);
    QVERIFY(!QFileInfo::exists(queuePath_));
    now->click();
    QVERIFY(!QFileInfo::exists(queuePath_) || QueueDatabase(queuePath_.toStdString()).list().empty());

    for (int64_t k : {2, 9, 16})
      doc->record(doc->editor().setAnnotationState(SliceAxis::Axial, k, AnnotationState::Done));
    // A person's stroke outside the keys, which the import must keep.
    doc->record(doc->editor().paint({int64_t(doc->geometry().linearIndex(60, 40, 5))}, 2));

    // Tonight's job: cancelled from the panel, retried, cancelled again (so the worker below,
    // whatever the time of day, runs only the next one).
    tonight->click();
    queue->refresh();
    QCOMPARE(queue->table()->rowCount(), 1);
    QCOMPARE(cell(queue->table(), 0, 1), QString("unet"));
    QCOMPARE(cell(queue->table(), 0, 2), QString("scheduled"));
    queue->table()->selectRow(0);
    button(queue, "Cancel")->click();
    QCOMPARE(cell(queue->table(), 0, 2), QString("cancelled"));
    queue->table()->selectRow(0);
    QVERIFY(button(queue, "Retry")->isEnabled());
    button(queue, "Retry")->click();
    QCOMPARE(cell(queue->table(), 0, 2), QString("scheduled"));
    queue->table()->selectRow(0);
    button(queue, "Cancel")->click();

    now->click();
    queue->refresh();
    QCOMPARE(queue->table()->rowCount(), 2);
    QVERIFY(queue->jobs()[1].state == QueueState::Queued || queue->jobs()[0].state == QueueState::Queued);

    // A real worker with the real trainer.
    QProcess worker;
    worker.start(QCoreApplication::applicationDirPath() + "/slicewise-cli",
                 {"worker", "--once", "--queue", queuePath_, "--device", "cpu", "--threads", "1"});
    QVERIFY(worker.waitForFinished(60000));
    QVERIFY2(worker.exitCode() == 0, worker.readAllStandardError().constData());

    // The panel notices the job is done and the window imports the proposal.
    QTRY_VERIFY_WITH_TIMEOUT(doc->proposal() != nullptr, 10000);
    QCOMPARE(QString::fromStdString(doc->proposal()->predictor), QString("unet"));
    QCOMPARE(doc->annotation().labels.at(60, 40, 5), Label(2));  // the drawn voxel stays
    QCOMPARE(doc->annotation().provenance.at(doc->geometry().linearIndex(60, 40, 5)), VoxelOrigin::Drawn);
    bool sawDone = false;
    for (const QueueJob& j : queue->jobs()) sawDone = sawDone || j.state == QueueState::Done;
    QVERIFY(sawDone);
    // The trainer's output is in the job's log.
    for (const QueueJob& j : queue->jobs())
      if (j.state == QueueState::Done) QVERIFY2(QueuePanel::logText(j).contains("Trainer output"), qPrintable(QueuePanel::logText(j)));

    // For a person to look at: SLICEWISE_TEST_SHOTS=DIR keeps a picture of the window.
    if (const QString shots = qEnvironmentVariable("SLICEWISE_TEST_SHOTS"); !shots.isEmpty()) {
      if (auto* dock = window.findChild<QDockWidget*>("Queue")) dock->raise();
      queue->refresh();
      QApplication::processEvents();
      window.grab().save(shots + "/queue-panel.png");
    }

    // The morning summary: the done job, once; seen, it is not shown again.
    int64_t since = -1;
    const std::vector<QueueJob> unseen = MorningSummaryDialog::unseenFinishedJobs(&since);
    QCOMPARE(since, int64_t(0));
    QCOMPARE(unseen.size(), size_t(1));
    MorningSummaryDialog summary(unseen, since);
    QCOMPARE(summary.rows(), 1);
    QCOMPARE(summary.table()->item(0, 1)->text(), QString("unet"));
    QVERIFY(summary.table()->item(0, 4)->text().toInt() > 0);  // slices predicted
    MorningSummaryDialog::markSeen();
    QVERIFY(MorningSummaryDialog::unseenFinishedJobs(&since).empty());
    doc->setDiscarded(true);
  }

 private:
  QString root_, queuePath_;
};

QTEST_MAIN(QueueWorkstationTest)
#include "QueueWorkstationTest.moc"
