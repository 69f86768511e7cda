#include "model/Provenance.h"

#include <algorithm>

namespace slicewise {

ProvenanceVolume::ProvenanceVolume(const ImageGeometry& geometry)
    : geometry_(geometry), origin_(geometry.voxelCount(), uint8_t(VoxelOrigin::None)) {}

size_t ProvenanceVolume::count(VoxelOrigin o) const {
  return size_t(std::count(origin_.begin(), origin_.end(), uint8_t(o)));
}

}  // namespace slicewise
