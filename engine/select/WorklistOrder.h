#pragma once

#include <cstdint>
#include <vector>

namespace slicewise {

// Orders chosen slices so that every prefix is itself well spread over [0, sliceCount).
//
// Splitting the largest remaining gap alone reads well but can leave, late in the list, a gap
// made of two unequal neighbours (1 + 2 slices where 2 + 2 was possible), which breaks the bound
// below. So the order is built backwards: starting from all chosen slices, the slice removed next
// (placed last) is the one whose removal opens the smallest merged gap. The sum of the m merged
// gaps of m slices is at most 2 * (sliceCount - 1), so a prefix of m slices never holds a gap
// wider than 2 * sliceCount / m when the full set does not (gaps to slice 0 and to the last slice
// count). Ties go to the order of largest-gap splitting, so early slices still bisect the volume.
std::vector<int64_t> spreadOrder(std::vector<int64_t> slices, int64_t sliceCount);

// The plain order: the next slice is the chosen one nearest the middle of the largest gap.
std::vector<int64_t> largestGapOrder(std::vector<int64_t> slices, int64_t sliceCount);

}  // namespace slicewise
