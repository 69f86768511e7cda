#include "DicomStudyCreation.h"

#include <filesystem>

#include "CommandRegistry.h"
#include "io/ImageIO.h"
#ifdef SLICEWISE_HAS_STUDY
#include <unistd.h>

#include "study/Study.h"
#endif

namespace slicewise::cli {

#ifdef SLICEWISE_HAS_STUDY
// The volume passes through a temporary NRRD file (doubles keep the geometry exact, NIfTI would
// round it to float).
void createStudyFromDicom(const DicomImportResult& r, const std::string& dir) {
  namespace fs = std::filesystem;
  const fs::path tmp = fs::temp_directory_path() /
                       ("slicewise-dicom-" + std::to_string(::getpid()) + "-image.nrrd");
  writeImage(r.volume, tmp.string());
  StudyCreateOptions options;
  options.copyImage = true;
  options.dicom = DicomIdentity{r.ids.studyUid, r.ids.seriesUid, r.ids.frameOfReferenceUid};
  try {
    Study::create(dir, tmp.string(), options);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  std::error_code ec;
  fs::remove(tmp, ec);
}
#else
void createStudyFromDicom(const DicomImportResult&, const std::string&) {
  throw CliFailure("--study needs a build with study storage");
}
#endif

}  // namespace slicewise::cli
