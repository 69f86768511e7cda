// A writer killed with SIGKILL in the middle of writing leaves its target untouched, and what it
// left behind is removed by the next write to that target. Before, the next write succeeded but
// left the killed process's ".PID.partial.<name>" beside its output for good.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>
#include <QThread>
#include <random>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ChildProcess.h"
#include "RobustnessFixtures.h"

using namespace slicewise::test;

class KilledWriterTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void nextWriteCleansUp() {
    // 192^3 random floats (27 MB) compress slowly enough to be caught writing.
    const QString dir = scratchDir();
    const QString input = dir + "/noise.nrrd";
    {
      QFile f(input);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("NRRD0004\ntype: float\ndimension: 3\nsizes: 192 192 192\nendian: little\nencoding: raw\n\n");
      std::mt19937 random(7);
      std::uniform_real_distribution<float> value(-1000.0f, 1000.0f);
      std::vector<float> v(192 * 192 * 192);
      for (float& x : v) x = value(random);
      f.write(reinterpret_cast<const char*>(v.data()), qint64(v.size() * sizeof(float)));
    }
    const QString out = dir + "/out";
    QVERIFY(QDir().mkpath(out));
    QFile earlier(out + "/noise.nii.gz");
    QVERIFY(earlier.open(QIODevice::WriteOnly));
    earlier.write("earlier");
    earlier.close();

    const pid_t pid = ::fork();
    if (pid == 0) {
      const QByteArray cli = cliPath().toLocal8Bit();
      ::execl(cli.constData(), cli.constData(), "convert", input.toLocal8Bit().constData(), "--out",
              (out + "/noise.nii.gz").toLocal8Bit().constData(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Killed once the staged file has data in it.
    QElapsedTimer clock;
    clock.start();
    bool caught = false;
    while (!caught && clock.elapsed() < 60000) {
      for (const QString& entry : folderEntries(out))
        if (entry.startsWith(".slicewise-partial-") && QFileInfo(out + "/" + entry + "/noise.nii.gz").size() > 0)
          caught = true;
      if (!caught) QThread::msleep(5);
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    QVERIFY2(caught, "the writer finished before it could be killed");
    QVERIFY(WIFSIGNALED(status));
    QCOMPARE(fileBytes(out + "/noise.nii.gz"), QByteArray("earlier"));
    QCOMPARE(folderEntries(out).size(), 2);  // the earlier output and the killed writer's staging folder

    const ChildResult again = runCliChild({"convert", input, "--out", out + "/noise.nii.gz"});
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QCOMPARE(folderEntries(out), QStringList{"noise.nii.gz"});
  }
};

QTEST_GUILESS_MAIN(KilledWriterTest)
#include "KilledWriterTest.moc"
