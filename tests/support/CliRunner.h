#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QStringList>

namespace slicewise::test {

struct CliResult {
  int exitCode = -1;
  QByteArray out;
  QByteArray err;
  QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};

// The built slicewise-cli.
QString cliPath();
// Runs the built slicewise-cli with arguments and waits (up to timeoutMs) for it.
CliResult runCli(const QStringList& args, int timeoutMs = 600000);

}  // namespace slicewise::test
