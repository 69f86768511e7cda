// Ownership: one process writes a study at a time; others may read it; a dead owner's lock is
// taken over.
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QTest>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>

#include "CliRunner.h"
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
  void readOnlyFolderIsReadInMemory();
  void lockOfAnotherComputerNeedsForce();
};

namespace {

// Runs `work` in a child process that cannot write the study folder: as root (CI) the child
// becomes nobody, since root ignores folder permissions; otherwise the folder is made read-only.
// Returns what the child reports.
std::string inChildThatCannotWrite(const QString& folder, const std::function<std::string()>& work) {
  const auto everyoneReads = QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                             QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther;
  QFile::setPermissions(QFileInfo(folder).path(), everyoneReads | QFileDevice::WriteOwner);
  QFile::setPermissions(folder, everyoneReads);  // no one may write, owner included
  int fds[2];
  if (pipe(fds) != 0) return "no pipe";
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::string answer;
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) answer = "cannot become nobody";
    else answer = work();
    [[maybe_unused]] const auto written = write(fds[1], answer.data(), answer.size());
    _exit(0);
  }
  close(fds[1]);
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) answer.append(buffer, size_t(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  QFile::setPermissions(folder, everyoneReads | QFileDevice::WriteOwner);
  return answer;
}

// The CLI's output (stdout and stderr) and exit status, run with exec in this process.
std::string runCliHere(const std::vector<std::string>& args) {
  int fds[2];
  if (pipe(fds) != 0) return "no pipe";
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    const std::string cli = test::cliPath().toStdString();
    std::vector<char*> argv{const_cast<char*>(cli.c_str())};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(cli.c_str(), argv.data());
    _exit(127);
  }
  close(fds[1]);
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) out.append(buffer, size_t(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return out + "exit " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

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

// A study on read-only media (a CD, a read-only share) is read for info and export: SQLite cannot
// make the WAL's shared-memory file there, so the study is read from a private copy in memory.
void StudyLockTest::readOnlyFolderIsReadInMemory() {
  const std::string dir = makeStudy("cdrom.study");
  const QString out = QFileInfo(QString::fromStdString(dir)).path() + "/exported";
  QDir().mkpath(out);
  QFile::setPermissions(out, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                 QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther);
  const std::string answer = inChildThatCannotWrite(QString::fromStdString(dir), [&] {
    std::string report;
    try {
      auto study = Study::open(dir, Study::Mode::ReadOnly);
      report += "label at (1, 2, 3): " + std::to_string(study->labels().at(1, 2, 3)) + "\n";
    } catch (const std::exception& e) {
      report += std::string("error: ") + e.what() + "\n";
    }
    report += "info: " + runCliHere({"study", "info", dir, "--json"}) + "\n";
    report += "export: " + runCliHere({"study", "export", dir, "--out", (out + "/labels.nii.gz").toStdString()});
    return report;
  });
  QVERIFY2(answer.find("label at (1, 2, 3): 7\n") == 0, answer.c_str());
  QVERIFY2(answer.find("\"history_length\": 2") != std::string::npos, answer.c_str());
  QVERIFY2(answer.find("}\nexit 0\nexport: ") != std::string::npos, answer.c_str());
  QVERIFY2(answer.size() > 7 && answer.substr(answer.size() - 7) == "\nexit 0", answer.c_str());
  QVERIFY(QFileInfo::exists(out + "/labels.nii.gz"));
  // Nothing was written into the study folder.
  QCOMPARE(QDir(QString::fromStdString(dir)).entryList(QDir::Files), QStringList{"study.sqlite"});
}

// A lock file naming another computer (which crashed, or still has the study open on a shared
// folder where flock does not reach it) is never taken over silently.
void StudyLockTest::lockOfAnotherComputerNeedsForce() {
  const std::string dir = makeStudy("shared.study");
  {
    QFile lock(QString::fromStdString(StudyLock::lockPath(dir)));
    QVERIFY(lock.open(QIODevice::WriteOnly));
    lock.write("workstation-7 4242\n");
  }
  try {
    Study::open(dir);
    QFAIL("took over another computer's lock");
  } catch (const StudyError& e) {
    QCOMPARE(QString(e.what()), QString::fromStdString(
        "study " + dir + " is locked by another computer (host workstation-7, PID 4242), which may "
        "still have it open on this shared folder; if it does not, take the lock over with --force"));
  }
  QCOMPARE(Study::open(dir, Study::Mode::ReadOnly)->labels().at(1, 2, 3), Label(7));  // reading is fine
  const test::CliResult refused = test::runCli({"study", "annotate", QString::fromStdString(dir), "--from",
                                                QString::fromStdString(dir) + "/none.nii.gz", "--slices", "1"});
  QCOMPARE(refused.exitCode, 1);
  QVERIFY(refused.err.contains("take the lock over with --force"));
  auto study = Study::open(dir, Study::Mode::ReadWrite, true);
  QCOMPARE(QString::fromStdString(study->openNotes().at(0)),
           QString("took over the lock left by another computer (host workstation-7, PID 4242)"));
}

QTEST_GUILESS_MAIN(StudyLockTest)
#include "StudyLockTest.moc"

