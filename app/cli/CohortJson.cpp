#include "CohortJson.h"

namespace slicewise::cli {

nlohmann::json cohortStudyJson(const CohortStudyStatus& s) {
  const StudyProgress& p = s.progress;
  nlohmann::json j = {{"name", s.entry.name},
                      {"path", s.folder},
                      {"stage", s.error.empty() ? std::string(studyStageName(p.stage)) : "unreadable"},
                      {"progress", p.describe()},
                      {"axis", std::string(axisName(p.axis))},
                      {"slices", p.slices},
                      {"keys", p.keys},
                      {"keys_done", p.keysDone},
                      {"keys_planned", p.keysPlanned},
                      {"reviewed", p.reviewed},
                      {"to_review", p.toReview},
                      {"drawn", p.drawn},
                      {"accepted", p.accepted},
                      {"corrected", p.corrected},
                      {"rejected", p.rejected},
                      {"review_seconds", p.reviewSeconds},
                      {"flagged", !s.error.empty() || !s.labelConflicts.empty()},
                      {"label_conflicts", s.labelConflicts}};
  if (!s.error.empty()) j["error"] = s.error;
  if (!s.entry.source.empty()) j["source"] = s.entry.source;
  return j;
}

nlohmann::json cohortTotalsJson(const CohortTotals& t) {
  nlohmann::json stages = nlohmann::json::object();
  for (const auto& [stage, n] : t.stages) stages[std::string(studyStageName(stage))] = n;
  return {{"studies", t.studies},
          {"stages", stages},
          {"slices_drawn", t.drawn},
          {"accepted", t.accepted},
          {"corrected", t.corrected},
          {"rejected", t.rejected},
          {"effort_slices", t.effortSlices},
          {"effort_fraction", t.slices > 0 ? double(t.effortSlices) / double(t.slices) : 0.0},
          {"review_seconds", t.reviewSeconds},
          {"flagged", t.flagged}};
}

}  // namespace slicewise::cli
