#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/SliceAxis.h"

namespace slicewise {

class Study;

// Where a study of a cohort is in its life, derived from its marks, proposals, queue jobs and
// review state (never stored, so it cannot disagree with the study):
//  new         no worklist and no key slice yet
//  annotating  keys being drawn: n of k worklist slices are keys
//  queued      a training job for the current keys waits or runs
//  predicted   a proposal for the current keys (or one finished in its job folder) not yet reviewed
//  reviewing   n of m predicted slices accepted or corrected
//  done        every predicted slice accepted or corrected
//  exported    done, and exported since its last change
enum class StudyStage : uint8_t { New, Annotating, Queued, Predicted, Reviewing, Done, Exported };

std::string_view studyStageName(StudyStage stage);

struct StudyProgress {
  StudyStage stage = StudyStage::New;
  SliceAxis axis = SliceAxis::Axial;  // the axis the work happens along
  int64_t slices = 0;                 // slices along it
  int keys = 0;                       // key slices along the axis
  int keysDone = 0, keysPlanned = 0;  // annotating: keys among the worklist, worklist size
  int reviewed = 0, toReview = 0;     // reviewing: accepted or corrected, predicted slices
  // Totals over every axis: slices drawn (done or empty-here), predictions accepted, corrected
  // and rejected, seconds spent reviewing.
  int drawn = 0, accepted = 0, corrected = 0, rejected = 0;
  double reviewSeconds = 0;
  int64_t proposalId = 0;  // the proposal being reviewed (0: none)

  // Slices worked by hand: drawn plus corrected, each as one slice.
  int effortSlices() const { return drawn + corrected; }
  // "3 of 8 keys", "12 of 40 reviewed", "" where the stage has no count.
  std::string describe() const;
};

// Reads a study's stage. `exportedState`: the fingerprint the cohort recorded at its last export
// ("" for never), compared with stateFingerprint().
class StudyStageAssessor {
 public:
  static StudyProgress assess(const Study& study, const std::string& exportedState = {});
  // Changes whenever a save, a proposal or a review changes the study.
  static std::string stateFingerprint(const Study& study);
  // The axis the person works along: the worklist's, else the one with most keys, else axial.
  static SliceAxis workingAxis(const Study& study);
};

}  // namespace slicewise
