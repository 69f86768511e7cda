#include "ui/RecoveryStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QUuid>

#include "study/Study.h"
#include "study/StudyLock.h"

namespace slicewise {

namespace {

constexpr const char* kGroup = "open-documents";

// Settings keys may not hold slashes: the folder is stored as the value, keyed by a hash.
QString keyFor(const QString& folder) {
  return QString::number(qHash(QDir::cleanPath(QFileInfo(folder).absoluteFilePath())), 16);
}

}  // namespace

QString RecoveryStore::root() {
  return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/unsaved");
}

QString RecoveryStore::newStudyFolder(const QString& title) {
  QString safe = title;
  safe.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
  safe = safe.left(40);
  QDir().mkpath(root());
  return root() + QStringLiteral("/%1-%2.study")
                      .arg(safe, QUuid::createUuid().toString(QUuid::Id128).left(8));
}

bool RecoveryStore::holds(const QString& studyFolder) {
  const QString a = QDir::cleanPath(QFileInfo(studyFolder).absoluteFilePath());
  const QString r = QDir::cleanPath(QFileInfo(root()).absoluteFilePath());
  return a.startsWith(r + QLatin1Char('/'));
}

void RecoveryStore::noteOpen(const QString& studyFolder, const QString& title) {
  QSettings s;
  s.beginGroup(kGroup);
  s.setValue(keyFor(studyFolder) + QStringLiteral("/folder"), studyFolder);
  s.setValue(keyFor(studyFolder) + QStringLiteral("/title"), title);
  s.sync();
}

void RecoveryStore::noteClosed(const QString& studyFolder) { forget(studyFolder); }

void RecoveryStore::forget(const QString& studyFolder) {
  QSettings s;
  s.beginGroup(kGroup);
  s.remove(keyFor(studyFolder));
  s.sync();
}

std::vector<RecoveryStore::LeftOpen> RecoveryStore::leftOpen() {
  QSettings s;
  s.beginGroup(kGroup);
  std::vector<LeftOpen> out;
  QStringList stale;
  for (const QString& key : s.childGroups()) {
    const QString folder = s.value(key + QStringLiteral("/folder")).toString();
    const std::string dir = folder.toStdString();
    if (!Study::isStudy(dir)) {
      stale << key;
      continue;
    }
    if (!StudyLock::abandonedBy(dir)) {
      // Still open in a running Slicewise (keep the note), or closed without saying so.
      if (!QFileInfo::exists(QString::fromStdString(StudyLock::lockPath(dir)))) stale << key;
      continue;
    }
    LeftOpen left;
    left.folder = folder;
    left.title = s.value(key + QStringLiteral("/title")).toString();
    left.unnamed = holds(folder);
    try {
      const auto study = Study::open(dir, Study::Mode::ReadOnly);
      const auto history = study->history();
      if (!history.empty()) left.lastSaved = QDateTime::fromSecsSinceEpoch(history.back().unixSeconds);
    } catch (const StudyError&) {
    }
    out.push_back(left);
  }
  for (const QString& key : stale) s.remove(key);
  return out;
}

}  // namespace slicewise
