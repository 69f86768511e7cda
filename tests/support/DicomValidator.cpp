#include "DicomValidator.h"

#include <QProcess>

#include "TestData.h"

namespace slicewise::test {

QStringList dciodvfyErrors(const QString& file) {
  const QString tool = findTool("dciodvfy");
  if (tool.isEmpty()) return {"dciodvfy is not installed"};
  QProcess p;
  p.setProcessChannelMode(QProcess::MergedChannels);
  p.start(tool, {file});
  if (!p.waitForFinished(60000)) return {"dciodvfy did not finish"};
  QStringList errors;
  for (const QString& line : QString::fromLocal8Bit(p.readAll()).split('\n'))
    if (line.startsWith("Error")) errors << line.trimmed();
  return errors;
}

}  // namespace slicewise::test
