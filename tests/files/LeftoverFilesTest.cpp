// What killed writers leave (staging folders, the older single temporaries) is removed by the
// next write to that target; what running processes and other hosts stage is left alone.
#include <QTest>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

#include "TestData.h"
#include "files/LeftoverFiles.h"
#include "files/OutputSet.h"

using namespace slicewise;
namespace fs = std::filesystem;

namespace {

// The PID of a process that has ended (reaped), so it names no running process.
long deadPid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return long(pid);
}

std::string host() {
  char buf[256] = {};
  ::gethostname(buf, sizeof buf - 1);
  std::string h;
  for (const char* c = buf; *c; ++c) h += std::isalnum(static_cast<unsigned char>(*c)) || *c == '-' ? *c : '_';
  return h;
}

void touch(const fs::path& p) { std::ofstream(p) << "partial"; }

}  // namespace

class LeftoverFilesTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void stagingNamesCarryPidAndHost() {
    const std::string a = newStagingName(), b = newStagingName();
    QVERIFY(a != b);
    QVERIFY(a.starts_with(".slicewise-partial-" + std::to_string(::getpid()) + "-"));
    QVERIFY(a.ends_with("-" + host()));
    // No dot after the prefix: nothing in the name can pass for an extension such as ".img".
    QCOMPARE(a.find('.', 1), std::string::npos);
  }

  void nextWriteRemovesWhatDeadWritersLeft() {
    const fs::path dir = test::scratchDir().toStdString();
    const long dead = deadPid();
    QVERIFY(!processIsRunning(dead));
    const fs::path deadStaging = dir / (".slicewise-partial-" + std::to_string(dead) + "-0-" + host());
    fs::create_directory(deadStaging);
    touch(deadStaging / "out.nii.gz");
    const fs::path liveStaging = dir / (".slicewise-partial-" + std::to_string(::getppid()) + "-0-" + host());
    fs::create_directory(liveStaging);
    const fs::path otherHost = dir / (".slicewise-partial-" + std::to_string(dead) + "-0-elsewhere");
    fs::create_directory(otherHost);
    // The single temporaries of earlier versions: ".<pid>.partial.<name>" and "<name>.tmp-<pid>".
    touch(dir / ("." + std::to_string(dead) + ".partial.out.nii.gz"));
    touch(dir / ("out.dcm.tmp-" + std::to_string(dead)));
    touch(dir / ("." + std::to_string(dead) + ".partial.unrelated.nii"));  // another target: kept

    writeFileAtomically((dir / "out.nii.gz").string(), "new");
    QVERIFY(!fs::exists(deadStaging));
    QVERIFY(!fs::exists(dir / ("." + std::to_string(dead) + ".partial.out.nii.gz")));
    QVERIFY(fs::exists(liveStaging));
    QVERIFY(fs::exists(otherHost));
    QVERIFY(fs::exists(dir / ("out.dcm.tmp-" + std::to_string(dead))));  // out.dcm was not written
    QVERIFY(fs::exists(dir / ("." + std::to_string(dead) + ".partial.unrelated.nii")));
    writeFileAtomically((dir / "out.dcm").string(), "seg");
    QVERIFY(!fs::exists(dir / ("out.dcm.tmp-" + std::to_string(dead))));
  }

  void runningProcessesAreRecognised() {
    QVERIFY(processIsRunning(long(::getpid())));
    QVERIFY(!processIsRunning(0));
    QVERIFY(!processIsRunning(-5));
  }
};

QTEST_GUILESS_MAIN(LeftoverFilesTest)
#include "LeftoverFilesTest.moc"
