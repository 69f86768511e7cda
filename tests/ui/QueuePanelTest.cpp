#include <QApplication>
#include <QCoreApplication>
#include <QSettings>
#include <QTableWidget>
#include <QTest>

#include "TestData.h"
#include "queue/QueueDatabase.h"
#include "ui/panels/QueuePanel.h"

using namespace slicewise;
using namespace slicewise::test;

// The queue panel's columns for jobs of both runners: a local trainer (its PID) and a Slurm job
// (its array task ID and Slurm's state while it waits or runs there).
class QueuePanelTest : public QObject {
  Q_OBJECT

  static QString cell(QTableWidget* t, int row, int column) {
    return t->item(row, column) ? t->item(row, column)->text() : QString();
  }

 private Q_SLOTS:
  void initTestCase() {
    QCoreApplication::setOrganizationName("slicewise-test");
    QCoreApplication::setApplicationName("QueuePanelTest");
  }

  void showsTheRunnerItsJobIdAndState() {
    const QString path = scratchDir() + "/queue.sqlite";
    QSettings().setValue("queue/path", path);
    {
      QueueDatabase q(path.toStdString());
      QueueJobRequest r;
      r.study = "/studies/a.study";
      r.folder = "/jobs/a";
      const int64_t local = q.add(r);
      const int64_t slurm = q.add(r);
      const int64_t waiting = q.add(r);
      q.claim("host:1", "local", false);
      q.setRunnerJobId(local, "host:1", "4242");
      q.claim("host:2", "slurm", false);
      q.setRunnerJobId(slurm, "host:2", "1234_5", "PENDING (Resources)");
      QCOMPARE(waiting, int64_t(3));
      // A heartbeat carries what Slurm says now.
      QueueProgress p;
      p.runnerState = "RUNNING";
      p.progress = 0.25;
      QVERIFY(q.heartbeat(slurm, "host:2", p));
    }
    QueuePanel panel;
    panel.refresh();
    QTableWidget* t = panel.table();
    QCOMPARE(t->columnCount(), 7);
    QCOMPARE(t->horizontalHeaderItem(6)->text(), QString("Runner"));
    QCOMPARE(t->rowCount(), 3);
    QCOMPARE(cell(t, 0, 2), QString("running"));
    QCOMPARE(cell(t, 0, 6), QString("local"));
    QCOMPARE(t->item(0, 6)->toolTip(), QString("Trainer process 4242 on the worker's machine"));
    QCOMPARE(cell(t, 1, 2), QString("running: RUNNING"));
    QCOMPARE(cell(t, 1, 3), QString("25 %"));
    QCOMPARE(cell(t, 1, 6), QString("slurm 1234_5"));
    QCOMPARE(t->item(1, 6)->toolTip(), QString("Cluster job 1234_5 (slurm)"));
    QCOMPARE(cell(t, 2, 2), QString("queued"));
    QCOMPARE(cell(t, 2, 6), QString());
    QSettings().remove("queue/path");
  }
};

QTEST_MAIN(QueuePanelTest)
#include "QueuePanelTest.moc"
