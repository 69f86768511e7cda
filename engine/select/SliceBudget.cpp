#include "select/SliceBudget.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace slicewise {

int64_t budgetToCount(double percent, int64_t sliceCount) {
  if (sliceCount <= 0) return 0;
  const auto k = int64_t(std::floor(double(sliceCount) * percent / 100.0 + 0.5));
  return std::clamp<int64_t>(k, std::min<int64_t>(2, sliceCount), sliceCount);
}

std::optional<double> parseBudgetPercent(std::string_view text) {
  if (!text.empty() && text.back() == '%') text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  try {
    size_t used = 0;
    const double v = std::stod(std::string(text), &used);
    if (used != text.size() || !(v > 0.0) || v > 100.0) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace slicewise
