// Ownership: one process writes a study at a time; others may read it; a dead owner's lock is
// taken over.
#include <QDateTime>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QTest>
#include <sys/wait.h>
#include <unistd.h>

#include "StudyGrid.h"
#include "TestData.h"
#include "study/Study.h"
#include "study/StudyLock.h"

using namespace slicewise;

class StudyLockTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void secondProcessIsRefused();
  void staleLockOfDeadProcessIsTakenOver();
  void livePidInAnUnheldLockFile();
  void lockFileNamesHostAndPid();
  void secondOpenInOneProcessIsRefused();
  void readOnlyFolderRefusesWriting();
};

namespace {

std::string makeStudy(const QString& name) {
  const QString root = test::scratchDir();
  const std::string dir = (root + "/" + name).toStdString();
  auto study = Study::create(dir, test::writePatternGridImage(root).toStdString());
  study->editor().paint({int64_t(study->geometry().linearIndex(1, 2, 3))}, 7);
  study->save("tester", "one voxel");
  return dir;
}

QString readLockFile(const std::string& dir) {
  QFile f(QString::fromStdString(dir) + "/study.lock");
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(f.readAll()).trimmed();
}

}  // namespace

void StudyLockTest::secondProcessIsRefused() {
  const std::string dir = makeStudy("held.study");
  QProcess child;
  child.start(STUDY_TEST_CHILD, {"hold", QString::fromStdString(dir)});
  QVERIFY(child.waitForReadyRead(20000));
  QCOMPARE(child.readLine().trimmed(), QByteArray("open"));
  const QString owner = QString::fromStdString(StudyLock::hostName()) + ", PID " +
                        QString::number(child.processId());
  try {
    Study::open(dir);
    QFAIL("a second process opened a study held by another");
  } catch (const StudyError& e) {
    const QString msg = e.what();
    QVERIFY2(msg.contains("is open in another process (host " + owner + ")"), e.what());
  }
  // Reading is allowed while the owner writes.
  auto reader = Study::open(dir, Study::Mode::ReadOnly);
  QCOMPARE(int(reader->labels().at(1, 2, 3)), 7);
  QCOMPARE(reader->historyLength(), int64_t(2));
  QVERIFY_EXCEPTION_THROWN(reader->save("tester", "x"), StudyError);
  reader.reset();
  child.closeWriteChannel();  // the child closes the study and exits
  QVERIFY(child.waitForFinished(20000));
  QCOMPARE(child.exitCode(), 0);
  QVERIFY(!QFile::exists(QString::fromStdString(dir) + "/study.lock"));  // closing removes it
  auto study = Study::open(dir);
  QVERIFY(study->openNotes().empty());
}

void StudyLockTest::staleLockOfDeadProcessIsTakenOver() {
  const std::string dir = makeStudy("stale.study");
  // A process that has ended: its PID and this host in the lock file, as after kill -9.
  QProcess gone;
  gone.start("true");
  QVERIFY(gone.waitForStarted());
  const qint64 deadPid = gone.processId();
  QVERIFY(gone.waitForFinished());
  {
    QFile f(QString::fromStdString(dir) + "/study.lock");
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray::fromStdString(StudyLock::hostName()) + " " + QByteArray::number(deadPid) + "\n");
  }
  auto study = Study::open(dir);
  QCOMPARE(study->openNotes().size(), size_t(1));
  const QString note = QString::fromStdString(study->openNotes()[0]);
  QVERIFY2(note.contains("took over the stale lock") &&
               note.contains("PID " + QString::number(deadPid)),
           qPrintable(note));
  QCOMPARE(readLockFile(dir), QString::fromStdString(StudyLock::hostName()) + " " +
                                  QString::number(getpid()));
  QCOMPARE(int(study->labels().at(1, 2, 3)), 7);

  // Killed while holding it: the next process takes over.
  study.reset();
  QProcess child;
  child.start(STUDY_TEST_CHILD, {"hold", QString::fromStdString(dir)});
  QVERIFY(child.waitForReadyRead(20000));
  const qint64 childPid = child.processId();
  child.kill();
  QVERIFY(child.waitForFinished());
  QVERIFY(QFile::exists(QString::fromStdString(dir) + "/study.lock"));
  study = Study::open(dir);
  QVERIFY(QString::fromStdString(study->openNotes().at(0)).contains("PID " + QString::number(childPid)));
}

// A lock file whose flock is free but whose PID lives: trusted (as when flock does not work on
// the filesystem) while that process is older than the file, taken over once the PID is a new
// process's (the dead owner's PID reused, as after a reboot).
void StudyLockTest::livePidInAnUnheldLockFile() {
  const std::string dir = makeStudy("reused.study");
  QProcess other;
  other.start("sleep", {"60"});
  QVERIFY(other.waitForStarted());
  const auto stop = qScopeGuard([&] {
    other.kill();
    other.waitForFinished();
  });
  const QString lockPath = QString::fromStdString(dir) + "/study.lock";
  QTest::qWait(1200);  // the file must be written clearly after the process started
  {
    QFile f(lockPath);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray::fromStdString(StudyLock::hostName()) + " " +
            QByteArray::number(other.processId()) + "\n");
  }
  try {
    Study::open(dir);
    QFAIL("a lock naming a live process older than the lock file was taken over");
  } catch (const StudyError& e) {
    QVERIFY2(QString(e.what()).contains("is open in another process"), e.what());
  }
  {
    QFile f(lockPath);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(-3600),
                          QFileDevice::FileModificationTime));
  }
  auto study = Study::open(dir);
  QCOMPARE(study->openNotes().size(), size_t(1));
  QVERIFY2(QString::fromStdString(study->openNotes()[0])
               .contains("PID " + QString::number(other.processId())),
           study->openNotes()[0].c_str());
}

void StudyLockTest::lockFileNamesHostAndPid() {
  const std::string dir = makeStudy("named.study");
  auto study = Study::open(dir);
  QCOMPARE(readLockFile(dir), QString::fromStdString(StudyLock::hostName()) + " " +
                                  QString::number(getpid()));
}

void StudyLockTest::secondOpenInOneProcessIsRefused() {
  const std::string dir = makeStudy("twice.study");
  auto first = Study::open(dir);
  QVERIFY_EXCEPTION_THROWN(Study::open(dir), StudyError);
  auto reader = Study::open(dir, Study::Mode::ReadOnly);
  QCOMPARE(reader->mode(), Study::Mode::ReadOnly);
}

// Root ignores permissions, so as root (as CI runs) the open is tried by a forked child that
// has become "nobody", for whom the root-owned 0755 folder is read-only.
void StudyLockTest::readOnlyFolderRefusesWriting() {
  const std::string dir = makeStudy("readonly.study");
  const QString folder = QString::fromStdString(dir);
  const QString expected =
      "cannot open study " + folder + " for writing: the folder is read-only (open it read-only instead)";
  if (geteuid() != 0) {
    const auto restore = qScopeGuard([&] {
      QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    });
    QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    try {
      Study::open(dir);
      QFAIL("opened a study in a read-only folder for writing");
    } catch (const StudyError& e) {
      QCOMPARE(QString(e.what()), expected);
    }
    return;
  }
  const auto readable = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                        QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                        QFileDevice::ExeOther;
  QVERIFY(QFile::setPermissions(QFileInfo(folder).path(), readable));
  QVERIFY(QFile::setPermissions(folder, readable));
  int fds[2];
  QCOMPARE(pipe(fds), 0);
  const pid_t pid = fork();
  QVERIFY(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    std::string answer = "opened for writing";
    if (setgid(65534) != 0 || setuid(65534) != 0) {
      answer = "cannot become nobody";
    } else {
      try {
        Study::open(dir);
      } catch (const std::exception& e) {
        answer = e.what();
      }
    }
    [[maybe_unused]] const auto written = write(fds[1], answer.data(), answer.size());
    _exit(0);
  }
  close(fds[1]);
  std::string answer;
  char buffer[512];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) answer.append(buffer, size_t(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  QCOMPARE(QString::fromStdString(answer), expected);
}

QTEST_GUILESS_MAIN(StudyLockTest)
#include "StudyLockTest.moc"
