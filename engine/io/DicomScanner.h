#pragma once

#include <string>

#include "io/DicomTypes.h"

namespace slicewise {

// Finds the DICOM series under `path`: a folder searched recursively (any file names, with or
// without .dcm), a DICOMDIR, or one DICOM file. Reads headers only. Files that are not DICOM,
// DICOM objects that are not slices of a volume (SR, SEG, presentation states, DICOMDIR, images
// without position or orientation) and truncated or corrupt files are counted or listed in the
// report, never thrown. Throws IoError only when `path` does not exist or cannot be listed.
// Series are ordered by study, then series number.
DicomScanReport scanDicom(const std::string& path);

// The series with this SeriesInstanceUID, or the only series when uid is empty. Throws IoError
// naming what is there otherwise ("no DICOM images ...", "3 series found: pass one ...").
const DicomSeriesInfo& chooseDicomSeries(const DicomScanReport& report, const std::string& path,
                                         const std::string& uid);

// "20 files: 18 images in 1 series, 1 not DICOM, 1 unreadable" for messages and logs.
std::string summarizeDicomScan(const DicomScanReport& report);

}  // namespace slicewise
