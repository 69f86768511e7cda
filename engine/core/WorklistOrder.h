#pragma once

#include <cstdint>
#include <vector>

namespace slicewise {

// Orders chosen slices so that every prefix is itself well spread over [0, sliceCount): the next
// slice is always the chosen one nearest the middle of the largest remaining gap (the gaps before
// the first and after the last slice count, measured to the volume's ends).
std::vector<int64_t> spreadOrder(std::vector<int64_t> slices, int64_t sliceCount);

}  // namespace slicewise
