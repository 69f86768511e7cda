#include "tools/IntensityWindow.h"

namespace slicewise {

VoxelList IntensityWindow::filter(const VoxelList& voxels, const Volume& image) const {
  VoxelList out;
  out.reserve(voxels.size());
  image.visit([&](const auto& data) {
    for (int64_t v : voxels)
      if (v >= 0 && size_t(v) < data.size() && contains(double(data[size_t(v)]))) out.push_back(v);
  });
  return out;
}

}  // namespace slicewise
