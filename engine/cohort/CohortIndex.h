#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/LabelTable.h"

namespace slicewise {

class SqliteConnection;

// One study of a cohort as its index records it. `path` is relative to the cohort folder for
// studies the cohort made (under studies/), absolute for studies added where they were.
struct CohortEntry {
  int64_t id = 0;
  std::string path;
  std::string name;
  int64_t addedUnixSeconds = 0;
  std::string source;     // the image file or DICOM folder it was made from ("" for a study added as is)
  std::string seriesUid;  // the DICOM series, for DICOM SEG export
  std::string exportedState;  // the study's state when it was last exported ("" never)
  int64_t exportedUnixSeconds = 0;
};

// A cohort model job: trained on the finished studies `members` (their state fingerprints), it
// ends as `weights` (a file in the cohort folder) once the queue finished it.
struct CohortModelRecord {
  int64_t id = 0;
  std::string queuePath;
  int64_t queueJobId = 0;
  std::string folder;   // the job folder
  std::string predictor = "unet";
  std::string axis = "axial";
  std::string members;  // fingerprint of the finished studies it learns from
  std::string state = "pending";  // pending, ready, failed
  std::string weights;  // relative to the cohort folder, once ready
  int64_t createdUnixSeconds = 0;
};

// cohort.sqlite: the cohort's label table, its studies in the order they were added, export
// records and cohort models. Small and written at once (no pending state).
class CohortIndex {
 public:
  static constexpr int kFormatVersion = 1;
  static constexpr const char* kFileName = "cohort.sqlite";

  // Creates or opens the index of the cohort folder `dir` (which must exist). Throws CohortError.
  CohortIndex(const std::string& dir, bool create);
  ~CohortIndex();

  LabelTable labelTable();
  void setLabelTable(const LabelTable& table);

  std::vector<CohortEntry> studies();
  std::optional<CohortEntry> findStudy(const std::string& path);
  int64_t addStudy(const CohortEntry& entry);
  void recordExport(int64_t studyId, const std::string& state, int64_t unixSeconds);

  std::vector<CohortModelRecord> models();
  int64_t addModel(const CohortModelRecord& record);
  void updateModel(const CohortModelRecord& record);

 private:
  std::unique_ptr<SqliteConnection> db_;
};

}  // namespace slicewise
