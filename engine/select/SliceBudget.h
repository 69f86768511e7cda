#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace slicewise {

// Budget in percent of the slices: k = round(n * percent / 100), halves up, at least 2, at most n.
int64_t budgetToCount(double percent, int64_t sliceCount);
// "20", "20%", "12.5" -> percent; nullopt when not a number in (0, 100].
std::optional<double> parseBudgetPercent(std::string_view text);

}  // namespace slicewise
