#include "model/LabelResampling.h"

#include <cmath>
#include <tbb/parallel_for.h>

namespace slicewise {

LabelVolume resampleNearest(const LabelVolume& source, const ImageGeometry& target) {
  LabelVolume out(target);
  const ImageGeometry& sg = source.geometry();
  tbb::parallel_for(int64_t(0), target.size[2], [&](int64_t k) {
    for (int64_t j = 0; j < target.size[1]; ++j)
      for (int64_t i = 0; i < target.size[0]; ++i) {
        const Vec3 p = target.indexToPhysical({double(i), double(j), double(k)});
        const Vec3 c = sg.physicalToIndex(p);
        const int64_t si = std::llround(c[0]), sj = std::llround(c[1]), sk = std::llround(c[2]);
        if (sg.contains(si, sj, sk)) out.set(i, j, k, source.at(si, sj, sk));
      }
  });
  return out;
}

}  // namespace slicewise
