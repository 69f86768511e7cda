#pragma once

#include <QString>
#include <QTest>

namespace slicewise::test {

// The ITK-SNAP brain MRI and its hand-drawn labels, relative to the shared data folder.
inline const QString kBrainImage = QStringLiteral("mri-brain-8labels/MRIcrop-orig.nii.gz");
inline const QString kBrainLabels = QStringLiteral("mri-brain-8labels/MRIcrop-seg.nii.gz");
inline const QString kBrainLabelNames = QStringLiteral("mri-brain-8labels/MRIcrop-seg.label");

// Folder of the shared real volumes (../shared/data beside the checkout).
QString sharedDataDir();
// Absolute path of a file below the shared data folder ("" when the folder is absent).
QString sharedData(const QString& relative);
// True when CI=true: a missing shared data folder is then a failure, never a skip.
bool runningInCi();
// A fresh temporary folder that lives until the process exits.
QString scratchDir();
// The full path of a program on PATH (e.g. dciodvfy from Debian's dicom3tools), "" if absent.
QString findTool(const QString& name);

}  // namespace slicewise::test

// Skips (or, under CI, fails) the current test when a shared data file is missing.
#define SLICEWISE_REQUIRE_DATA(relative)                                                       \
  do {                                                                                         \
    const QString p_ = slicewise::test::sharedData(relative);                                  \
    if (p_.isEmpty()) {                                                                        \
      if (slicewise::test::runningInCi())                                                      \
        QFAIL(qPrintable("shared data missing under CI: " + QString(relative)));               \
      QSKIP(qPrintable("shared data not present (../shared/data/" + QString(relative) + ")")); \
    }                                                                                          \
  } while (0)

// Skips (or, under CI, fails) the current test when a program it runs is not installed.
#define SLICEWISE_REQUIRE_TOOL(name, package)                                                   \
  do {                                                                                         \
    if (slicewise::test::findTool(name).isEmpty()) {                                           \
      if (slicewise::test::runningInCi())                                                      \
        QFAIL(qPrintable(QString("%1 missing under CI (apt-get install %2)").arg(name, package))); \
      QSKIP(qPrintable(QString("%1 not installed (apt-get install %2)").arg(name, package)));  \
    }                                                                                          \
  } while (0)
