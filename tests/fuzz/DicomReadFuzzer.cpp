// libFuzzer entry for the DICOM reading path: header scan, volume building with pixel
// decoding (native, JPEG, JPEG-LS, RLE), and DICOM SEG import. Any input must end in a result or
// an IoError, never a crash, a hang or a sanitizer report.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "DicomFuzzGrid.h"
#include "io/DicomScanner.h"
#include "io/DicomSeg.h"
#include "io/DicomSeriesReader.h"
#include "io/IoError.h"

namespace {

// The reading path takes files, so every input goes through one scratch file per process.
const std::string& scratchFile() {
  static const std::string path =
      (std::filesystem::temp_directory_path() / ("slicewise-dicom-fuzz-" + std::to_string(::getpid()) + ".dcm")).string();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = scratchFile();
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    if (size > 0) std::fwrite(data, 1, size, f);
    std::fclose(f);
  } else {
    return 0;
  }
  try {
    const slicewise::DicomScanReport report = slicewise::scanDicom(path);
    for (const auto& series : report.series) {
      try {
        slicewise::readDicomSeries(series);
      } catch (const slicewise::IoError&) {
      }
    }
  } catch (const slicewise::IoError&) {
  }
  try {
    static const slicewise::DicomSeriesInfo series = slicewise::fuzz::corpusSeries();
    slicewise::readDicomSeg(path, series);
  } catch (const slicewise::IoError&) {
  }
  return 0;
}
