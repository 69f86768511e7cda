// Autosave: waits for a pause in editing, writes only the changed bricks on its own thread, and
// keeps the changes of a failed save for the next one.
#include <QElapsedTimer>
#include <QTest>
#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <thread>

#include "StudyGrid.h"
#include "TestData.h"
#include "study/Autosaver.h"
#include "study/Study.h"

using namespace slicewise;
using namespace std::chrono_literals;

class AutosaverTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void savesAfterThePauseOnly();
  void flushSavesWhatIsPending();
  void failedSaveKeepsChanges();
  void failedSaveIsKeptWhenItsResultWasNotTaken();
  void directSaveDuringAutosaveKeepsNewerData();
};

namespace {

void waitIdle(const Autosaver& a) {
  for (int i = 0; i < 2000 && a.busy(); ++i) std::this_thread::sleep_for(1ms);
}

void paint(Study& s, int64_t k, Label v) { s.editor().paint({int64_t(s.geometry().linearIndex(3, 4, k))}, v); }

// Every file write of this process beyond one byte fails (EFBIG, as on a full disk) while it lives.
class FileSizeLimit {
 public:
  FileSizeLimit() {
    signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &original_);
    rlimit tight = original_;
    tight.rlim_cur = 1;
    setrlimit(RLIMIT_FSIZE, &tight);
  }
  ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &original_); }

 private:
  rlimit original_{};
};

// The 160x160x48 grid's bricks: voxel (3, 4, k) lies in brick 0 for k < 32, brick 25 above.
constexpr int64_t kLowBrick = 0, kHighBrick = 25;

}  // namespace

void AutosaverTest::savesAfterThePauseOnly() {
  const QString root = test::scratchDir();
  const std::string dir = (root + "/auto.study").toStdString();
  auto study = Study::create(dir, test::writePatternGridImage(root).toStdString());
  Autosaver autosaver(*study, 300ms, "editor");
  std::atomic<int> finished{0};
  autosaver.setOnFinished([&] { ++finished; });

  paint(*study, 12, 4);
  autosaver.noteEdit();
  QVERIFY(!autosaver.tick());  // too soon after the edit
  std::this_thread::sleep_for(150ms);
  paint(*study, 13, 4);  // editing goes on: the delay starts again
  autosaver.noteEdit();
  QElapsedTimer sinceLastEdit;
  sinceLastEdit.start();
  // Driven like a UI timer: tick until it starts a save; it must not before the delay has
  // passed since the last edit (whatever the load on the machine makes of the sleeps).
  while (!autosaver.tick()) {
    QVERIFY(sinceLastEdit.elapsed() < 10000);
    std::this_thread::sleep_for(10ms);
  }
  QVERIFY(sinceLastEdit.elapsed() >= 300);
  QVERIFY(!study->hasUnsavedChanges());  // the snapshot took the changes
  waitIdle(autosaver);
  QCOMPARE(finished.load(), 1);
  const auto result = autosaver.takeResult();
  QVERIFY(result);
  QVERIFY2(result->ok, result->error.c_str());
  QCOMPARE(result->bricks, size_t(1));
  QVERIFY(!autosaver.takeResult());  // once
  QVERIFY(!autosaver.tick());        // nothing left to save

  auto reader = Study::open(dir, Study::Mode::ReadOnly);
  QCOMPARE(int(reader->labels().at(3, 4, 12)), 4);
  QCOMPARE(int(reader->labels().at(3, 4, 13)), 4);
  const auto history = reader->history();
  QCOMPARE(history.back().author, std::string("editor"));
  QCOMPARE(history.back().description, std::string("autosave"));
  QCOMPARE(history.back().bricks, (std::vector<int64_t>{kLowBrick}));
}

void AutosaverTest::flushSavesWhatIsPending() {
  const QString root = test::scratchDir();
  const std::string dir = (root + "/flush.study").toStdString();
  auto study = Study::create(dir, test::writePatternGridImage(root).toStdString());
  {
    Autosaver autosaver(*study, 10s);
    paint(*study, 40, 9);
    study->editor().setAnnotationState(SliceAxis::Axial, 40, AnnotationState::Done);
    autosaver.noteEdit();
    QVERIFY(!autosaver.tick());
    const AutosaveResult r = autosaver.flush();
    QVERIFY(r.ok);
    QCOMPARE(r.bricks, size_t(1));
  }
  auto reader = Study::open(dir, Study::Mode::ReadOnly);
  QCOMPARE(int(reader->labels().at(3, 4, 40)), 9);
  QCOMPARE(reader->marks().keySlices(SliceAxis::Axial), std::vector<int64_t>{40});
}

void AutosaverTest::failedSaveKeepsChanges() {
  const QString root = test::scratchDir();
  const std::string dir = (root + "/full.study").toStdString();
  auto study = Study::create(dir, test::writePatternGridImage(root).toStdString());
  Autosaver autosaver(*study, 0ms);
  paint(*study, 7, 2);
  study->editor().setAnnotationState(SliceAxis::Axial, 7, AnnotationState::Done);
  autosaver.noteEdit();
  {
    // The disk fills: the autosaver reports it and keeps the edit pending.
    FileSizeLimit full;
    QVERIFY(autosaver.tick());
    waitIdle(autosaver);
  }
  const auto result = autosaver.takeResult();
  QVERIFY(result && !result->ok);
  QCOMPARE(QString::fromStdString(result->error),
           QString::fromStdString("cannot save study " + dir + ": the disk is full (or the file size limit was reached)"));
  QCOMPARE(study->pendingBricks(), (std::set<int64_t>{kLowBrick}));
  QVERIFY(study->hasUnsavedChanges());
  // With room again, the next save writes what the failed one held.
  QVERIFY(study->save("editor", "retry") > 0);
  auto reader = Study::open(dir, Study::Mode::ReadOnly);
  QCOMPARE(int(reader->labels().at(3, 4, 7)), 2);
  QCOMPARE(reader->marks().keySlices(SliceAxis::Axial), std::vector<int64_t>{7});
}

// The editor's timer may tick again before it takes the result of a failed save: the next
// result must not make the autosaver forget the changes the failed one held.
void AutosaverTest::failedSaveIsKeptWhenItsResultWasNotTaken() {
  const QString root = test::scratchDir();
  const std::string dir = (root + "/untaken.study").toStdString();
  auto study = Study::create(dir, test::writePatternGridImage(root).toStdString());
  Autosaver autosaver(*study, 0ms);
  FileSizeLimit full;
  paint(*study, 7, 2);
  autosaver.noteEdit();
  QVERIFY(autosaver.tick());
  waitIdle(autosaver);
  paint(*study, 40, 3);
  autosaver.noteEdit();
  QVERIFY(autosaver.tick());
  waitIdle(autosaver);
  const auto result = autosaver.takeResult();
  QVERIFY(result && !result->ok);
  QCOMPARE(study->pendingBricks(), (std::set<int64_t>{kLowBrick, kHighBrick}));
}

void AutosaverTest::directSaveDuringAutosaveKeepsNewerData() {
  const QString root = test::scratchDir();
  const std::string dir = (root + "/order.study").toStdString();
  auto study = Study::create(dir, test::writePatternGridImage(root).toStdString());
  Autosaver autosaver(*study, 0ms);
  for (int round = 0; round < 20; ++round) {
    const Label older = Label(2 * round + 1), newer = Label(2 * round + 2);
    paint(*study, 20, older);
    autosaver.noteEdit();
    QVERIFY(autosaver.tick());  // the older state goes to the writer thread...
    paint(*study, 20, newer);
    study->save("editor", "explicit");  // ...while the newer one is saved here at once
    waitIdle(autosaver);
    QVERIFY(autosaver.takeResult()->ok);
    auto reader = Study::open(dir, Study::Mode::ReadOnly);
    QCOMPARE(int(reader->labels().at(3, 4, 20)), int(newer));
  }
}

QTEST_GUILESS_MAIN(AutosaverTest)
#include "AutosaverTest.moc"
