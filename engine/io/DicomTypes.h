#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "model/ImageGeometry.h"

namespace slicewise {

// One 2D image of a series: a single-frame file, or one frame of a multi-frame (enhanced) file.
// Holds what building a volume needs, read from the header only.
struct DicomSliceHeader {
  std::string file;
  int frame = 0;  // 0-based frame within the file
  std::string sopInstanceUid;
  std::string sopClassUid;
  Vec3 position{0, 0, 0};                 // ImagePositionPatient (LPS mm)
  std::array<double, 6> orientation{};    // ImageOrientationPatient: row then column cosines
  double rowSpacing = 1.0;                // PixelSpacing[0]: between rows (along the column vector)
  double columnSpacing = 1.0;             // PixelSpacing[1]: between columns (along the row vector)
  double sliceThickness = 0.0;            // reported only: it is not the slice spacing
  double slope = 1.0, intercept = 0.0;
  int rows = 0, columns = 0, frames = 1;
  int bitsAllocated = 0, bitsStored = 0, highBit = 0, pixelRepresentation = 0, samplesPerPixel = 1;
  std::string photometric;
  std::string transferSyntax;  // UID
};

// A series as found on disk. Patient name is kept for an explicit request only; nothing in the
// engine prints it.
struct DicomSeriesInfo {
  std::string studyUid, seriesUid, frameOfReferenceUid;
  std::string patientName, studyDate, modality, description;
  int seriesNumber = 0;
  int instanceCount = 0;  // files
  std::vector<DicomSliceHeader> slices;
};

struct DicomSkippedFile {
  std::string file;
  std::string reason;
};

struct DicomScanReport {
  std::vector<DicomSeriesInfo> series;
  int filesSeen = 0;
  int notDicom = 0;                          // files without a DICOM header (text, images, ...)
  int nonImage = 0;                          // DICOM objects that are not slices (SR, SEG, DICOMDIR, ...)
  std::vector<DicomSkippedFile> unreadable;  // DICOM files that are truncated or corrupt
};

// The UIDs a study keeps to tie its labels back to the scanner's series.
struct DicomSeriesIds {
  std::string studyUid, seriesUid, frameOfReferenceUid;
};

}  // namespace slicewise
