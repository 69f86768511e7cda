#include "cohort/StudyStage.h"

#include <algorithm>
#include <set>

#include "jobs/JobFolder.h"
#include "model/KeyStateHash.h"
#include "study/Study.h"

namespace slicewise {

std::string_view studyStageName(StudyStage stage) {
  switch (stage) {
    case StudyStage::New: return "new";
    case StudyStage::Annotating: return "annotating";
    case StudyStage::Queued: return "queued";
    case StudyStage::Predicted: return "predicted";
    case StudyStage::Reviewing: return "reviewing";
    case StudyStage::Done: return "done";
    case StudyStage::Exported: return "exported";
  }
  return "new";
}

std::string StudyProgress::describe() const {
  switch (stage) {
    case StudyStage::Annotating:
      return std::to_string(keysDone) + " of " + std::to_string(keysPlanned) + " keys";
    case StudyStage::Predicted:
    case StudyStage::Reviewing:
    case StudyStage::Done:
    case StudyStage::Exported:
      if (toReview > 0) return std::to_string(reviewed) + " of " + std::to_string(toReview) + " reviewed";
      return "";
    default:
      return "";
  }
}

SliceAxis StudyStageAssessor::workingAxis(const Study& study) {
  const SliceMarks& marks = study.marks();
  for (SliceAxis axis : kAllAxes)
    if (!marks.worklist(axis).empty()) return axis;
  SliceAxis best = SliceAxis::Axial;
  size_t most = 0;
  for (SliceAxis axis : kAllAxes)
    if (marks.keySlices(axis).size() > most) {
      most = marks.keySlices(axis).size();
      best = axis;
    }
  return best;
}

std::string StudyStageAssessor::stateFingerprint(const Study& study) {
  std::string out = "h";
  out += std::to_string(study.historyLength());
  out += "-p";
  out += std::to_string(study.proposals().size());
  return out;
}

namespace {

// A job for these keys whose trainer already wrote its proposal (the study imports it when next
// opened read-write), or nullopt when none waits there.
bool finishedInJobFolder(const StudyQueueJob& job) {
  try {
    return JobFolder::open(job.folder).hasProposal();
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

StudyProgress StudyStageAssessor::assess(const Study& study, const std::string& exportedState) {
  StudyProgress p;
  const SliceMarks& marks = study.marks();
  for (SliceAxis axis : kAllAxes)
    for (const auto& [slice, mark] : marks.onAxis(axis)) {
      if (mark.annotation != AnnotationState::None) ++p.drawn;
      if (mark.review == ReviewState::Accepted) ++p.accepted;
      if (mark.review == ReviewState::Corrected) ++p.corrected;
      if (mark.review == ReviewState::Rejected) ++p.rejected;
    }
  for (const auto& [slice, seconds] : study.reviewSeconds()) p.reviewSeconds += seconds;

  p.axis = workingAxis(study);
  p.slices = slicePlane(study.geometry(), p.axis).count;
  const std::vector<int64_t> keys = marks.keySlices(p.axis);
  const std::vector<int64_t> worklist = marks.worklist(p.axis);
  p.keys = int(keys.size());
  p.keysPlanned = int(worklist.size());
  p.keysDone = int(std::count_if(worklist.begin(), worklist.end(),
                                 [&](int64_t s) { return marks.get(p.axis, s).isKey(); }));

  // The newest proposal along the axis is the one under review once a review mark refers to it
  // (accepting slices changes the keys, so it reads stale from then on), or while it is current.
  std::optional<ProposalSummary> latest;
  for (const ProposalSummary& proposal : study.proposals())
    if (proposal.axis == p.axis && (!latest || proposal.id > latest->id)) latest = proposal;
  const std::string keyState = keyStateHash(study.annotation(), p.axis);
  if (latest) {
    // Slices reviewed since it was made: any review mark on a slice that was not one of its keys
    // (a slice confirmed before it would have been a key; a direct correction names no proposal).
    const std::set<int64_t> itsKeys(latest->keySlices.begin(), latest->keySlices.end());
    int reviewedHere = 0;
    for (const auto& [slice, mark] : marks.onAxis(p.axis))
      if (mark.review != ReviewState::None && !itsKeys.count(slice)) {
        ++reviewedHere;
        if (mark.review == ReviewState::Accepted || mark.review == ReviewState::Corrected) ++p.reviewed;
      }
    if (reviewedHere > 0 || !study.isStale(*latest)) {
      p.proposalId = latest->id;
      p.toReview = int(std::max<int64_t>(0, latest->slices - int64_t(latest->keySlices.size())));
      if (p.reviewed >= p.toReview)
        p.stage = StudyStage::Done;
      else
        p.stage = reviewedHere > 0 ? StudyStage::Reviewing : StudyStage::Predicted;
      if (p.stage == StudyStage::Done && !exportedState.empty() && exportedState == stateFingerprint(study))
        p.stage = StudyStage::Exported;
      return p;
    }
  }
  for (const StudyQueueJob& job : study.queueJobs())
    if (job.state == "pending" && job.axis == p.axis && job.keyState == keyState) {
      p.stage = finishedInJobFolder(job) ? StudyStage::Predicted : StudyStage::Queued;
      return p;
    }
  if (!keys.empty() && int64_t(keys.size()) == p.slices) {  // drawn by hand from end to end
    p.stage = !exportedState.empty() && exportedState == stateFingerprint(study) ? StudyStage::Exported
                                                                                : StudyStage::Done;
    return p;
  }
  if (!keys.empty() || !worklist.empty()) {
    p.stage = StudyStage::Annotating;
    if (p.keysPlanned == 0) p.keysPlanned = p.keysDone = int(keys.size());
    return p;
  }
  p.stage = StudyStage::New;
  return p;
}

}  // namespace slicewise
