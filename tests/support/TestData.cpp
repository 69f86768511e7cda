#include "TestData.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <memory>

namespace slicewise::test {

QString sharedDataDir() {
  const QByteArray env = qgetenv("SLICEWISE_SHARED_DATA");
  return QDir::cleanPath(env.isEmpty() ? QString(SLICEWISE_SHARED_DATA_DIR) : QString::fromLocal8Bit(env));
}

QString sharedData(const QString& relative) {
  const QString p = QDir(sharedDataDir()).filePath(relative);
  return QFileInfo::exists(p) ? p : QString();
}

bool runningInCi() { return qgetenv("CI") == "true"; }

QString scratchDir() {
  static std::vector<std::unique_ptr<QTemporaryDir>> dirs;
  dirs.push_back(std::make_unique<QTemporaryDir>());
  return dirs.back()->path();
}

QString findTool(const QString& name) { return QStandardPaths::findExecutable(name); }

}  // namespace slicewise::test
