#pragma once

#include <nlohmann/json.hpp>

#include "cohort/Cohort.h"

namespace slicewise::cli {

// A study's line of `cohort status --json` / `cohort next --json`.
nlohmann::json cohortStudyJson(const CohortStudyStatus& status);
nlohmann::json cohortTotalsJson(const CohortTotals& totals);

}  // namespace slicewise::cli
