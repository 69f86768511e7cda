#include "model/ChangeSet.h"

#include <algorithm>

namespace slicewise {

namespace {

template <class T>
void uniteSorted(std::vector<T>& into, const std::vector<T>& more) {
  std::vector<T> out;
  out.reserve(into.size() + more.size());
  std::set_union(into.begin(), into.end(), more.begin(), more.end(), std::back_inserter(out));
  into.swap(out);
}

}  // namespace

void ChangeSet::merge(const ChangeSet& other) {
  if (other.hasVoxels()) {
    if (!hasVoxels()) {
      first = other.first;
      last = other.last;
    } else {
      for (size_t d = 0; d < 3; ++d) {
        first[d] = std::min(first[d], other.first[d]);
        last[d] = std::max(last[d], other.last[d]);
      }
    }
  }
  voxelsChanged += other.voxelsChanged;
  uniteSorted(bricks, other.bricks);
  uniteSorted(labels, other.labels);
  uniteSorted(marks, other.marks);
  labelTable = labelTable || other.labelTable;
}

}  // namespace slicewise
