#pragma once

#include <string>
#include <vector>

namespace slicewise {

class Cohort;

struct CohortExportRow {
  std::string name, stage;
  std::string labels;     // relative to the output folder ("" when not exported)
  std::string dicomSeg;   // "" when the study did not come from DICOM or its series is gone
  std::string note;       // why something was left out
};

struct CohortExportReport {
  std::string folder;
  std::vector<CohortExportRow> rows;
  int exported = 0;
};

// `cohort export`: the label map (+ sidecar) of every finished study (done or exported), a DICOM
// SEG beside it where the study came from a DICOM series that is still where it was added from,
// and manifest.csv with one row per study of the cohort. The output folder (absent or empty) is
// filled under a staging name beside it and renamed: it appears whole or not at all. Exported
// studies are recorded, so their stage reads `exported` until they change. Throws CohortError.
class CohortExporter {
 public:
  static CohortExportReport exportFinished(Cohort& cohort, const std::string& outDir);
};

}  // namespace slicewise
