// Crash recovery: a real child process saves whole-volume edits in a loop and is killed with
// SIGKILL at random moments; every save it confirmed must be there afterwards, whole.
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTest>
#include <random>

#include "StudyGrid.h"
#include "StudyPattern.h"
#include "TestData.h"
#include "model/ImageGeometry.h"
#include "study/Study.h"

using namespace slicewise;



class StudyCrashTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void killedChildLosesNoConfirmedSave();
};

void StudyCrashTest::killedChildLosesNoConfirmedSave() {
  const QString root = test::scratchDir();
  const std::string dir = (root + "/crash.study").toStdString();
  {
    const QString mhd = test::writePatternGridImage(root);
    auto study = Study::create(dir, mhd.toStdString());
    QCOMPARE(study->geometry().size, test::patternGeometry().size);
  }
  std::mt19937 rng(20261126);
  std::uniform_int_distribution<int> delayMs(40, 700);
  const int rounds = 24;
  int64_t lastConfirmed = 0;
  int roundsWithSaves = 0, unconfirmedButCommitted = 0;
  for (int round = 0; round < rounds; ++round) {
    QProcess child;
    child.start(STUDY_TEST_CHILD, {"save-loop", QString::fromStdString(dir)});
    QVERIFY(child.waitForStarted());
    // Even rounds: killed at a random moment after the start (opening, loading or saving);
    // odd rounds: at a random moment after its first confirmed save, so that every other
    // round kills a process in the middle of its save loop however slow the machine is.
    QByteArray buffered;
    if (round % 2 == 1) {
      QElapsedTimer wait;
      wait.start();
      while (!buffered.contains('\n') && wait.elapsed() < 30000) {
        child.waitForReadyRead(5);
        buffered += child.readAllStandardOutput();
      }
      QVERIFY2(buffered.contains('\n'), "the child confirmed no save within 30 s");
    }
    const int delay = round % 2 == 1 ? delayMs(rng) / 2 : delayMs(rng);
    QElapsedTimer timer;
    timer.start();
    int64_t confirmedThisRound = 0;
    while (timer.elapsed() < delay) {
      child.waitForReadyRead(5);
      buffered += child.readAllStandardOutput();
    }
    child.kill();  // SIGKILL
    QVERIFY(child.waitForFinished(10000));
    buffered += child.readAllStandardOutput();
    for (const QByteArray& line : buffered.split('\n')) {
      if (line.isEmpty()) continue;
      QVERIFY2(!line.startsWith("error"), line.constData());
      bool ok = false;
      const int64_t seq = line.toLongLong(&ok);
      QVERIFY2(ok, line.constData());
      QCOMPARE(seq, lastConfirmed + 1);  // confirmations arrive in order, none skipped
      lastConfirmed = seq;
      ++confirmedThisRound;
    }
    if (confirmedThisRound > 0) ++roundsWithSaves;

    // The killed child's lock is stale now: opening takes it over.
    auto study = Study::open(dir);
    QCOMPARE(QString::fromStdString(study->integrityCheck()), QString("ok"));
    if (confirmedThisRound > 0) {
      QCOMPARE(study->openNotes().size(), size_t(1));
      QVERIFY(study->openNotes()[0].find("took over the stale lock") != std::string::npos);
    }
    const auto history = study->history();
    QVERIFY(!history.empty());
    int64_t seen = 0;
    if (history.back().description.rfind("seq ", 0) == 0)
      seen = std::stoll(history.back().description.substr(4));
    // Every confirmed save is there; at most the one in flight committed unconfirmed.
    QVERIFY2(seen == lastConfirmed || seen == lastConfirmed + 1,
             qPrintable(QString("round %1: study holds save %2, last confirmed %3")
                            .arg(round).arg(seen).arg(lastConfirmed)));
    if (seen == lastConfirmed + 1) {
      ++unconfirmedButCommitted;
      lastConfirmed = seen;
    }
    if (seen > 0) {
      // The whole save is there, not a part of it.
      QCOMPARE(test::firstPatternMismatch(study->labels(), study->provenance(), seen), int64_t(-1));
      QCOMPARE(study->marks().worklist(SliceAxis::Axial), std::vector<int64_t>{seen % 48});
    }
  }
  qInfo("%d rounds, %d with confirmed saves, %lld saves confirmed in all, %d committed while "
        "being killed",
        rounds, roundsWithSaves, static_cast<long long>(lastConfirmed), unconfirmedButCommitted);
  QVERIFY(roundsWithSaves >= rounds / 2);
}

QTEST_GUILESS_MAIN(StudyCrashTest)
#include "StudyCrashTest.moc"
