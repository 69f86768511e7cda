#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cohort/CohortIndex.h"
#include "cohort/StudyStage.h"
#include "model/LabelTable.h"

namespace slicewise {

// One study's line in `cohort status`.
struct CohortStudyStatus {
  CohortEntry entry;
  std::string folder;  // absolute
  StudyProgress progress;
  std::vector<std::string> labelConflicts;  // non-empty: flagged
  std::string error;   // the study cannot be read (moved, damaged); progress is then empty
  std::string state;   // StudyStageAssessor::stateFingerprint
};

struct CohortTotals {
  int studies = 0;
  std::map<StudyStage, int> stages;
  int drawn = 0, accepted = 0, corrected = 0, rejected = 0;
  int effortSlices = 0;    // drawn + corrected
  int64_t slices = 0;      // slices along each study's working axis, summed
  double reviewSeconds = 0;
  int flagged = 0;         // studies with label conflicts or errors
};

// A cohort (DESIGN §2): a folder holding cohort.sqlite (CohortIndex), studies/ (the studies it
// made) and models/ (cohort models). Studies added as they are stay where they are. Adding is
// all or nothing per study: a study is made under a staging name and renamed into studies/, so
// a killed `cohort add` leaves either a whole study or none; open() removes what killed adds
// left and takes in whole studies a kill left unindexed.
class Cohort {
 public:
  // `dir` must not exist or be empty.
  static std::unique_ptr<Cohort> create(const std::string& dir, const LabelTable& labels = {});
  static std::unique_ptr<Cohort> open(const std::string& dir);
  static bool isCohort(const std::string& dir);
  ~Cohort();

  const std::string& folder() const { return dir_; }
  CohortIndex& index() { return *index_; }
  LabelTable labelTable() { return index_->labelTable(); }
  // Lines for the user from open(): leftovers removed, studies taken in.
  const std::vector<std::string>& openNotes() const { return openNotes_; }

  // A new study of an image file (left where it is), with the cohort's label table. Returns its
  // folder.
  std::string addImage(const std::string& imagePath);
  // An existing study folder, referenced where it is. Its labels the cohort lacks join the
  // cohort's table unless they conflict (then the study is flagged in status()).
  std::string addStudy(const std::string& studyDir);
  // One study per image series found in a DICOM folder (series already in the cohort are
  // skipped, with a note). `onStudy` is told each folder as it is added.
  std::vector<std::string> addDicom(const std::string& dicomDir, std::vector<std::string>* notes = nullptr,
                                    const std::function<void(const std::string&)>& onStudy = {});

  // Every study's stage and progress, in the order they were added (studies are opened
  // read-only: the app may have one open).
  std::vector<CohortStudyStatus> status();
  static CohortTotals totals(const std::vector<CohortStudyStatus>& studies);

  std::string absolutePath(const CohortEntry& entry) const;

 private:
  Cohort(std::string dir, std::unique_ptr<CohortIndex> index);
  void recoverInterruptedAdds();
  // Renames a finished staging study into studies/<name> and indexes it.
  std::string takeIn(const std::string& staged, const std::string& name, const std::string& source,
                     const std::string& seriesUid);
  std::string uniqueName(const std::string& wanted);

  std::string dir_;
  std::unique_ptr<CohortIndex> index_;
  std::vector<std::string> openNotes_;
};

}  // namespace slicewise
