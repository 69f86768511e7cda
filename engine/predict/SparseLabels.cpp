#include "predict/SparseLabels.h"

namespace slicewise {

LabelVolume keepOnlySlices(const LabelVolume& full, SliceAxis axis,
                           const std::vector<int64_t>& slices) {
  LabelVolume out(full.geometry());
  const SlicePlane p = slicePlane(full.geometry(), axis);
  for (int64_t s : slices)
    if (s >= 0 && s < p.count) out.setSlice(p, s, full.slice(p, s));
  return out;
}

}  // namespace slicewise
