#pragma once

#include <string>
#include <vector>

#include "model/Volume.h"
#include "io/DicomTypes.h"

namespace slicewise {

struct DicomImportResult {
  Volume volume;
  DicomSeriesIds ids;
  std::vector<std::string> warnings;  // gaps, skipped images and files; never patient data
  int slicesRead = 0;
};

// Builds the volume of a scanned series (see arrangeDicomSlices for the geometry). Values are
// the stored values with RescaleSlope/Intercept applied, MONOCHROME1 inverted so that higher
// always means brighter; int16 when every value is an integer that fits, else uint16 when they
// fit that, else float. Compressed syntaxes DCMTK decodes (JPEG, JPEG-LS, RLE) are read; others
// throw IoError "unsupported transfer syntax <name> (<uid>)". Files are read on `threads`
// threads (0: one per core, at most 8).
DicomImportResult readDicomSeries(const DicomSeriesInfo& series, unsigned threads = 0);

// scanDicom + chooseDicomSeries + readDicomSeries; the warnings also list the files the scan
// skipped or could not read.
DicomImportResult importDicom(const std::string& path, const std::string& seriesUid = {}, unsigned threads = 0);
// The same on a scan made already (e.g. to learn which files the import reads).
DicomImportResult importDicom(const DicomScanReport& report, const std::string& path,
                              const std::string& seriesUid = {}, unsigned threads = 0);

}  // namespace slicewise
