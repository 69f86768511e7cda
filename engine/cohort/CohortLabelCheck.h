#pragma once

#include <string>
#include <vector>

#include "model/LabelTable.h"

namespace slicewise {

// Keeps label names and ids consistent across a cohort's studies: the same id must name the same
// structure everywhere, or the networks and the exports would mix them up. Colours may differ
// (the cohort's win on display); names are compared ignoring case and surrounding spaces.
class CohortLabelCheck {
 public:
  // One line per conflict: "label 3 is 'spleen' here, 'liver' in the cohort", "'liver' is label 4
  // here, label 3 in the cohort". Generated names ("Label 7") never conflict.
  static std::vector<std::string> conflicts(const LabelTable& cohort, const LabelTable& study);
  // The cohort's table with the study's labels it lacks (only call without conflicts).
  static LabelTable merged(const LabelTable& cohort, const LabelTable& study);
};

}  // namespace slicewise
