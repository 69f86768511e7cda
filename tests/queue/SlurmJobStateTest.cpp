#include <QTest>

#include "queue/SlurmJobState.h"
#include "queue/SlurmJobTable.h"

using namespace slicewise;

// What each Slurm job state means for the queue, and the readings of squeue, scontrol and sacct
// the runner relies on (their output written here as Slurm 22.05 prints it).
class SlurmJobStateTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void statesMapToTheQueue_data() {
    QTest::addColumn<QString>("state");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<int>("attemptsLeft");
    QTest::addColumn<QString>("queueState");
    QTest::newRow("pending") << "PENDING" << 0 << 1 << "running";
    QTest::newRow("configuring") << "CONFIGURING" << 0 << 1 << "running";
    QTest::newRow("requeued") << "REQUEUED" << 0 << 1 << "running";
    QTest::newRow("suspended") << "SUSPENDED" << 0 << 1 << "running";
    QTest::newRow("running") << "RUNNING" << 0 << 1 << "running";
    QTest::newRow("completing") << "COMPLETING" << 0 << 1 << "running";
    QTest::newRow("completed") << "COMPLETED" << 0 << 1 << "done";
    QTest::newRow("completed, trainer failed") << "COMPLETED" << 3 << 1 << "queued";
    QTest::newRow("failed") << "FAILED" << 1 << 1 << "queued";
    QTest::newRow("failed, last attempt") << "FAILED" << 1 << 0 << "failed";
    QTest::newRow("cancelled") << "CANCELLED" << 0 << 1 << "cancelled";
    QTest::newRow("cancelled, as sacct says it") << "CANCELLED by 1000" << 0 << 1 << "cancelled";
    QTest::newRow("timeout") << "TIMEOUT" << 0 << 1 << "queued";
    QTest::newRow("node fail") << "NODE_FAIL" << 0 << 1 << "queued";
    QTest::newRow("node fail, last attempt") << "NODE_FAIL" << 0 << 0 << "failed";
    QTest::newRow("preempted") << "PREEMPTED" << 0 << 1 << "queued";
    QTest::newRow("out of memory") << "OUT_OF_MEMORY" << 0 << 0 << "failed";
    QTest::newRow("boot fail") << "BOOT_FAIL" << 0 << 1 << "queued";
    QTest::newRow("deadline") << "DEADLINE" << 0 << 1 << "queued";
    QTest::newRow("unknown") << "SOMETHING_NEW" << 0 << 0 << "failed";
  }

  void statesMapToTheQueue() {
    QFETCH(QString, state);
    QFETCH(int, exitCode);
    QFETCH(int, attemptsLeft);
    QFETCH(QString, queueState);
    QCOMPARE(QString::fromLatin1(queueStateForSlurm(state.toStdString(), exitCode, attemptsLeft)), queueState);
  }

  void eachEndingSaysWhy() {
    QCOMPARE(slurmStateMeaning("NODE_FAIL").attempt, SlurmAttempt::NodeLost);
    QCOMPARE(QString::fromStdString(slurmStateMeaning("NODE_FAIL").explanation), QString("its node failed"));
    QCOMPARE(slurmStateMeaning("PREEMPTED").attempt, SlurmAttempt::NodeLost);
    QCOMPARE(slurmStateMeaning("TIMEOUT").attempt, SlurmAttempt::Failed);
    QCOMPARE(QString::fromStdString(slurmStateMeaning("TIMEOUT").explanation),
             QString("Slurm stopped it at its time limit (--time)"));
    QCOMPARE(QString::fromStdString(slurmStateMeaning("OUT_OF_MEMORY").explanation),
             QString("Slurm stopped it: it ran out of memory"));
    QCOMPARE(slurmStateMeaning("CANCELLED by 0").attempt, SlurmAttempt::Cancelled);
    QCOMPARE(QString::fromStdString(slurmStateMeaning("WEIRD").explanation),
             QString("Slurm reports a state this Slicewise does not know: WEIRD"));
  }

  void squeueLinesAreRead() {
    const auto jobs = SlurmJobTable::parseSqueue("5|CANCELLED|None\n2_1|PENDING|Resources\n7|RUNNING|None\n");
    QCOMPARE(int(jobs.size()), 3);
    QCOMPARE(QString::fromStdString(jobs.at("2_1").state), QString("PENDING"));
    QCOMPARE(QString::fromStdString(jobs.at("2_1").reason), QString("Resources"));
    QCOMPARE(QString::fromStdString(jobs.at("7").reason), QString());
    QCOMPARE(QString::fromStdString(jobs.at("5").state), QString("CANCELLED"));
  }

  void scontrolGivesStateAndExitCode() {
    const auto s = SlurmJobTable::parseScontrol(
        "JobId=4 ArrayJobId=2 ArrayTaskId=1 JobName=j.sh UserId=root(0) GroupId=root(0) JobState=FAILED "
        "Reason=NonZeroExitCode Dependency=(null) Requeue=0 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=3:0\n");
    QVERIFY(s);
    QCOMPARE(QString::fromStdString(s->state), QString("FAILED"));
    QCOMPARE(QString::fromStdString(s->reason), QString("NonZeroExitCode"));
    QCOMPARE(*s->exitCode, 3);
    QCOMPARE(*s->signal, 0);
    const auto killed = SlurmJobTable::parseScontrol("JobId=9 JobState=CANCELLED Reason=None ExitCode=0:15");
    QCOMPARE(*killed->signal, 15);
    QVERIFY(!SlurmJobTable::parseScontrol("slurm_load_jobs error: Invalid job id specified"));
  }

  void sacctGivesTheJobsOwnLine() {
    const auto s = SlurmJobTable::parseSacct("12|NODE_FAIL|0:0\n12.batch|CANCELLED|0:9\n", "12");
    QVERIFY(s);
    QCOMPARE(QString::fromStdString(s->state), QString("NODE_FAIL"));
    QCOMPARE(*s->exitCode, 0);
    const auto c = SlurmJobTable::parseSacct("13_2|CANCELLED by 1000|0:0\n", "13_2");
    QCOMPARE(QString::fromStdString(c->state), QString("CANCELLED"));
    QVERIFY(!SlurmJobTable::parseSacct("12|COMPLETED|0:0\n", "14"));
  }
};

QTEST_GUILESS_MAIN(SlurmJobStateTest)
#include "SlurmJobStateTest.moc"
