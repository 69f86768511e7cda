#include "predict/NearestPredictor.h"

namespace slicewise {

void NearestPredictor::fillBetweenKeys(KeySliceJob& job) const {
  for (size_t i = 0; i + 1 < job.keyCount() && !job.cancelled(); ++i) {
    const int64_t a = job.key(i), b = job.key(i + 1);
    if (b - a < 2) continue;
    const auto lower = job.keySlice(i), upper = job.keySlice(i + 1);
    for (int64_t s = a + 1; s < b; ++s) {
      job.write(s, (s - a) <= (b - s) ? lower : upper);
      job.sliceFinished();
    }
  }
}

}  // namespace slicewise
