#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cohort/Cohort.h"

namespace slicewise {

struct CohortNextChoice {
  std::optional<size_t> index;  // into the status list; nullopt: nothing waits for the person
  std::string reason;
};

// What the person and the queue should do next across a cohort (the paper's workflow: draw the
// keys of one volume, queue it, go on with the next, review in the morning).
class CohortPlanner {
 public:
  // Keys missing first (a study begun before a new one, each in the cohort's order), then
  // proposals waiting for review (a review begun before a fresh one). Studies that cannot be
  // read or whose labels conflict are passed over.
  static CohortNextChoice next(const std::vector<CohortStudyStatus>& studies);
  // Studies with keys and no current proposal or job: what `cohort queue` sends.
  static std::vector<size_t> toQueue(const std::vector<CohortStudyStatus>& studies);
};

}  // namespace slicewise
