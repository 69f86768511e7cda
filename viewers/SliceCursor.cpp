#include "viewers/SliceCursor.h"

#include <algorithm>

namespace slicewise {

void SliceCursor::setGeometry(const ImageGeometry& geometry) {
  size_ = geometry.size;
  Index3 centre{};
  for (size_t d = 0; d < 3; ++d) centre[d] = std::max<int64_t>(0, size_[d] - 1) / 2;
  position_ = {-1, -1, -1};  // forces the signal
  setPosition(centre);
}

void SliceCursor::setPosition(const Index3& position) {
  Index3 p{};
  for (size_t d = 0; d < 3; ++d)
    p[d] = std::clamp<int64_t>(position[d], 0, std::max<int64_t>(0, size_[d] - 1));
  if (p == position_) return;
  position_ = p;
  Q_EMIT positionChanged(position_);
}

void SliceCursor::setIndex(int dim, int64_t index) {
  Index3 p = position_;
  p[size_t(dim)] = index;
  setPosition(p);
}

}  // namespace slicewise
