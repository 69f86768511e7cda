#pragma once

#include <QString>
#include <QStringList>
#include <memory>

#include "io/DicomTypes.h"
#include "model/Volume.h"
#include "study/Study.h"
#include "ui/StudyDocument.h"

namespace slicewise {

// What a document is made of, loaded off the GUI thread; the window wraps it in a StudyDocument.
struct LoadedDocument {
  std::unique_ptr<Study> study;
  Volume image;
  StudyDocument::Origin origin;
  QStringList warnings;  // for the person: a float label map rounded, gaps in a series, ...
};

// Opens what the window shows. Anything that is not a study yet becomes an unnamed study in the
// recovery area (RecoveryStore). Errors throw with a one-line message (IoError, StudyError).
class DocumentLoader {
 public:
  // The built-in synthetic abdomen (needs no files).
  static LoadedDocument sample();
  // An image, optionally with a label map on its grid (or resampled onto it on request). Names
  // and colours come from `colorsPath`, else the map's JSON sidecar, else an ITK-SNAP .label
  // beside it.
  static LoadedDocument image(const QString& imagePath, const QString& labelsPath = {},
                              const QString& colorsPath = {}, bool resampleLabels = false);
  // One series of a scanned DICOM folder, with an optional label map as for image(): a NIfTI
  // converted from the series (e.g. by dcm2niix) often stores its rows flipped (LAS), which
  // `resampleLabels` lines up through patient coordinates.
  static LoadedDocument dicom(const DicomSeriesInfo& series, const QString& folder,
                              const QString& labelsPath = {}, const QString& colorsPath = {},
                              bool resampleLabels = false);
  // A study folder (or its study.sqlite); read-only on request.
  static LoadedDocument study(const QString& folder, bool readOnly = false);

  // Whether `path` is read as DICOM (a folder that is no study, a DICOMDIR, a .dcm file).
  static bool isDicomPath(const QString& path);
  static bool isStudyPath(const QString& path);
  // The study folder a path names: the folder itself, or the one holding a study.sqlite.
  static QString studyFolderOf(const QString& path);
};

}  // namespace slicewise
