#include <QTest>

#include "CliRunner.h"
#include "TestData.h"

using namespace slicewise::test;

// `worker --runner slurm` where Slurm cannot be used: one clear line and exit 1 before any job
// is touched; Slurm's options without the Slurm runner are a usage error.
class SlurmWorkerErrorsTest : public QObject {
  Q_OBJECT
  QString queue_;

 private Q_SLOTS:
  void initTestCase() { queue_ = scratchDir() + "/queue.sqlite"; }

  void withoutSlurmsCommandsItSaysWhatToInstall() {
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", "/nonexistent");
    const CliResult r = runCli({"worker", "--runner", "slurm", "--once", "--queue", queue_}, 30000);
    qputenv("PATH", path);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.trimmed(),
             QByteArray("slicewise-cli: error: squeue is not installed here (not found on PATH): the Slurm runner "
                        "needs Slurm's client commands (Debian: slurm-client) and a configured cluster"));
  }

  void aMissingSlurmConfIsNamedAtOnce() {
    const QByteArray conf = qgetenv("SLURM_CONF");
    qputenv("SLURM_CONF", "/nonexistent/slurm.conf");
    const CliResult r = runCli({"worker", "--runner", "slurm", "--once", "--queue", queue_}, 30000);
    if (conf.isEmpty()) qunsetenv("SLURM_CONF");
    else qputenv("SLURM_CONF", conf);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.trimmed(),
             QByteArray("slicewise-cli: error: SLURM_CONF names /nonexistent/slurm.conf, which is not a file"));
  }

  void slurmOptionsNeedTheSlurmRunner() {
    const CliResult r = runCli({"worker", "--partition", "gpu", "--once", "--queue", queue_}, 30000);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--partition and --gres are for --runner slurm"), r.err.constData());
  }
};

QTEST_GUILESS_MAIN(SlurmWorkerErrorsTest)
#include "SlurmWorkerErrorsTest.moc"
