#include "cohort/CohortLabelCheck.h"

#include <algorithm>
#include <cctype>

namespace slicewise {

namespace {

std::string normalised(const std::string& name) {
  size_t b = 0, e = name.size();
  while (b < e && std::isspace(static_cast<unsigned char>(name[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(name[e - 1]))) --e;
  std::string out = name.substr(b, e - b);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}

bool generated(const LabelInfo& info) { return normalised(info.name) == "label " + std::to_string(info.id); }

}  // namespace

std::vector<std::string> CohortLabelCheck::conflicts(const LabelTable& cohort, const LabelTable& study) {
  std::vector<std::string> out;
  for (const auto& [id, info] : study.all()) {
    if (generated(info)) continue;
    if (const LabelInfo* mine = cohort.find(id); mine && !generated(*mine) &&
                                                 normalised(mine->name) != normalised(info.name)) {
      out.push_back("label " + std::to_string(id) + " is '" + info.name + "' here, '" + mine->name +
                    "' in the cohort");
      continue;
    }
    for (const auto& [otherId, other] : cohort.all())
      if (otherId != id && normalised(other.name) == normalised(info.name)) {
        out.push_back("'" + info.name + "' is label " + std::to_string(id) + " here, label " +
                      std::to_string(otherId) + " in the cohort");
        break;
      }
  }
  return out;
}

LabelTable CohortLabelCheck::merged(const LabelTable& cohort, const LabelTable& study) {
  LabelTable out = cohort;
  for (const auto& [id, info] : study.all())
    if (!out.find(id)) out.set(info);
  return out;
}

}  // namespace slicewise
