#pragma once

#include <QDateTime>
#include <QString>
#include <vector>

namespace slicewise {

// Where unnamed work lives and how a crash is noticed. A document opened from an image, a DICOM
// series or the sample is kept in an unnamed study under root() until it is saved elsewhere, so
// autosave protects it like any study. While a document is open the app notes it in its settings;
// a note whose study lock was left behind by a process that ended is a crash, and the next start
// offers the work saved up to then.
class RecoveryStore {
 public:
  struct LeftOpen {
    QString folder, title;
    bool unnamed = false;
    QDateTime lastSaved;  // of the study's newest history entry
  };

  // <per-user application data>/unsaved
  static QString root();
  // A new, unused folder for an unnamed study of `title`.
  static QString newStudyFolder(const QString& title);
  static bool holds(const QString& studyFolder);

  static void noteOpen(const QString& studyFolder, const QString& title);
  static void noteClosed(const QString& studyFolder);
  // Documents a previous run left open without closing them (it crashed or was killed); notes of
  // studies that are gone or were closed are forgotten.
  static std::vector<LeftOpen> leftOpen();
  static void forget(const QString& studyFolder);
};

}  // namespace slicewise
