#include "select/KeepNSelector.h"

#include <algorithm>
#include <stdexcept>

#include "select/WorklistOrder.h"

namespace slicewise {

std::vector<int64_t> KeepNSelector::evenlySpaced(int64_t n, int64_t k) {
  k = std::clamp<int64_t>(k, 0, n);
  std::vector<int64_t> out;
  out.reserve(size_t(k));
  for (int64_t i = 0; i < k; ++i) out.push_back(((2 * i + 1) * n) / (2 * k));
  return out;
}

std::vector<int64_t> KeepNSelector::select(const Volume& volume, const SelectionRequest& request) const {
  const int64_t n = slicePlane(volume.geometry(), request.axis).count;
  if (request.count < 1 || request.count > n)
    throw std::invalid_argument("cannot select " + std::to_string(request.count) + " of " +
                                std::to_string(n) + " slices");
  return spreadOrder(evenlySpaced(n, request.count), n);
}

}  // namespace slicewise
