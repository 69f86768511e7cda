#include <QCoreApplication>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "jobs/JobLock.h"
#include "jobs/TrainerLocator.h"

using namespace slicewise;
namespace fs = std::filesystem;

namespace {

fs::path makeExecutable(const fs::path& p) {
  std::ofstream(p) << "#!/bin/sh\n";
  fs::permissions(p, fs::perms::owner_all);
  return p;
}

}  // namespace

// Finding the trainer (DESIGN §2) and the one-trainer-per-job lock.
class TrainerLocatorTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init() { qunsetenv(TrainerLocator::kVariable); }

  void givenPathComesFirst() {
    QTemporaryDir tmp;
    const fs::path given = makeExecutable(fs::path(tmp.path().toStdString()) / "my-trainer");
    const fs::path env = makeExecutable(fs::path(tmp.path().toStdString()) / "env-trainer");
    qputenv(TrainerLocator::kVariable, QByteArray::fromStdString(env.string()));
    std::string reason;
    QCOMPARE(TrainerLocator::find(given.string(), &reason).value(), given);
    QCOMPARE(TrainerLocator::find("", &reason).value(), env);
  }

  void badChoicesAreNotReplaced() {
    QTemporaryDir tmp;
    const fs::path plain = fs::path(tmp.path().toStdString()) / "not-executable";
    std::ofstream(plain) << "x";
    std::string reason;
    QVERIFY(!TrainerLocator::find(plain.string(), &reason));
    QVERIFY2(reason.find("not an executable file") != std::string::npos, reason.c_str());
    qputenv(TrainerLocator::kVariable, "/nonexistent/slicewise-train");
    QVERIFY(!TrainerLocator::find("", &reason));
    QVERIFY2(reason.find("$SLICEWISE_TRAINER names '/nonexistent/slicewise-train'") != std::string::npos,
             reason.c_str());
  }

  // Tests are built beside the programs (build/bin), as an installation keeps them together.
  void besideTheRunningProgram() {
    std::string reason;
    const auto found = TrainerLocator::find("", &reason);
    const fs::path beside = fs::path(QCoreApplication::applicationDirPath().toStdString()) / "slicewise-train";
    QVERIFY2(found, reason.c_str());
    QCOMPARE(found.value(), beside);
  }

  void oneTrainerPerJob() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    std::string reason;
    auto first = JobLock::tryAcquire(dir, &reason);
    QVERIFY(first);
    QVERIFY(!JobLock::tryAcquire(dir, &reason));
    QVERIFY2(reason.find("another trainer is running this job") != std::string::npos, reason.c_str());
    first.reset();
    QVERIFY(JobLock::tryAcquire(dir, &reason));
  }
};

QTEST_GUILESS_MAIN(TrainerLocatorTest)
#include "TrainerLocatorTest.moc"
