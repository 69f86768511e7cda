#include "CliRunner.h"

#include <QProcess>

namespace slicewise::test {

QString cliPath() { return QString(SLICEWISE_CLI_PATH); }

CliResult runCli(const QStringList& args, int timeoutMs) {
  QProcess p;
  p.start(cliPath(), args);
  CliResult r;
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished();
    r.err = "timed out";
    return r;
  }
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  return r;
}

}  // namespace slicewise::test
