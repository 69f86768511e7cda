#pragma once

#include <QString>
#include <QStringList>

#include "io/DicomTypes.h"
#include "ui/OpenedCase.h"

namespace slicewise {

// Opens what the window shows. Errors throw IoError with a one-line message.
class CaseLoader {
 public:
  // The built-in synthetic abdomen (needs no files).
  static OpenedCase sample();
  // An image, optionally with a label map on its grid. Label names and colours come from
  // `colorsPath` when given (ITK-SNAP .label or JSON sidecar), else from the label map's JSON
  // sidecar, else from an ITK-SNAP "<stem>.label" file beside it; ids without an entry get
  // default colours. Warnings (e.g. a float label map rounded) are appended to `warnings`.
  // A label map on another grid is refused unless `resampleLabels` (nearest neighbour).
  static OpenedCase open(const QString& imagePath, const QString& labelsPath,
                         const QString& colorsPath, QStringList* warnings = nullptr,
                         bool resampleLabels = false);
  // One series of a scanned DICOM folder (gaps, skipped files and tilt go to `warnings`), with
  // an optional label map as in open(): a NIfTI converted from the same series (e.g. by dcm2niix) often
  // stores its rows flipped (LAS), which `resampleLabels` lines up through patient coordinates.
  static OpenedCase openDicom(const DicomSeriesInfo& series, const QString& labelsPath = {},
                              const QString& colorsPath = {}, QStringList* warnings = nullptr,
                              bool resampleLabels = false);
  // Whether `path` is read as DICOM (a folder, a DICOMDIR or a .dcm file) rather than by ITK.
  static bool isDicomPath(const QString& path);
};

}  // namespace slicewise
