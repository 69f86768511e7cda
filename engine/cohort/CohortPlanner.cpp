#include "cohort/CohortPlanner.h"

#include <functional>

namespace slicewise {

namespace {

bool usable(const CohortStudyStatus& s) { return s.error.empty() && s.labelConflicts.empty(); }

std::optional<size_t> first(const std::vector<CohortStudyStatus>& studies,
                            const std::function<bool(const StudyProgress&)>& wanted) {
  for (size_t i = 0; i < studies.size(); ++i)
    if (usable(studies[i]) && wanted(studies[i].progress)) return i;
  return std::nullopt;
}

}  // namespace

CohortNextChoice CohortPlanner::next(const std::vector<CohortStudyStatus>& studies) {
  CohortNextChoice c;
  const auto keysMissing = [](const StudyProgress& p) {
    return p.stage == StudyStage::Annotating && p.keysDone < p.keysPlanned;
  };
  if ((c.index = first(studies, keysMissing))) {
    const StudyProgress& p = studies[*c.index].progress;
    c.reason = "keys missing: " + std::to_string(p.keysDone) + " of " + std::to_string(p.keysPlanned) +
               " drawn";
    return c;
  }
  if ((c.index = first(studies, [](const StudyProgress& p) { return p.stage == StudyStage::New; }))) {
    c.reason = "no keys yet: choose its key slices and draw them";
    return c;
  }
  if ((c.index = first(studies, [](const StudyProgress& p) { return p.stage == StudyStage::Reviewing; }))) {
    const StudyProgress& p = studies[*c.index].progress;
    c.reason = "review under way: " + std::to_string(p.reviewed) + " of " + std::to_string(p.toReview) +
               " predicted slices accepted or corrected";
    return c;
  }
  if ((c.index = first(studies, [](const StudyProgress& p) { return p.stage == StudyStage::Predicted; }))) {
    const StudyProgress& p = studies[*c.index].progress;
    c.reason = "a proposal waits for review" +
               (p.toReview > 0 ? ": " + std::to_string(p.toReview) + " predicted slices" : std::string());
    return c;
  }
  int queued = 0, ready = 0, flagged = 0;
  for (const CohortStudyStatus& s : studies) {
    if (!usable(s)) {
      ++flagged;
      continue;
    }
    if (s.progress.stage == StudyStage::Queued) ++queued;
    if (s.progress.stage == StudyStage::Annotating) ++ready;
  }
  c.reason = "nothing waits for you";
  if (ready) c.reason += "; " + std::to_string(ready) + " with keys complete to queue (cohort queue)";
  if (queued) c.reason += "; " + std::to_string(queued) + " queued";
  if (flagged) c.reason += "; " + std::to_string(flagged) + " flagged (see cohort status)";
  return c;
}

std::vector<size_t> CohortPlanner::toQueue(const std::vector<CohortStudyStatus>& studies) {
  std::vector<size_t> out;
  for (size_t i = 0; i < studies.size(); ++i)
    if (usable(studies[i]) && studies[i].progress.stage == StudyStage::Annotating && studies[i].progress.keys > 0)
      out.push_back(i);
  return out;
}

}  // namespace slicewise
