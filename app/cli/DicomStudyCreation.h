#pragma once

#include <string>

#include "io/DicomSeriesReader.h"

namespace slicewise::cli {

// A new study folder from an imported DICOM series: the image is copied in and the series'
// Study/Series/FrameOfReference UIDs are kept. Throws CliFailure in builds without study
// storage, and what Study::create throws.
void createStudyFromDicom(const DicomImportResult& imported, const std::string& studyDir);

}  // namespace slicewise::cli
