#pragma once

#include <cstdint>
#include <vector>

#include "model/ChangeSet.h"
#include "model/LabelVolume.h"
#include "model/Provenance.h"

namespace slicewise {

// The voxels one edit changed, before and after, and nothing else: runs of consecutive linear
// indices, then runs of equal (old, new) labels and provenance, deflated (as ITK-SNAP keeps
// run-length deltas). A 10,000-voxel stroke costs a few hundred bytes, whatever the volume's size.
class VoxelDelta {
 public:
  struct Change {
    int64_t linear = 0;
    Label oldLabel = 0, newLabel = 0;
    uint8_t oldOrigin = 0, newOrigin = 0;
  };

  VoxelDelta() = default;
  // `changes` sorted by linear index, each voxel once, each actually changed.
  static VoxelDelta build(const std::vector<Change>& changes);

  bool empty() const { return voxels_ == 0; }
  uint64_t voxelCount() const { return voxels_; }
  size_t heapBytes() const { return blob_.capacity(); }

  // The changes, in ascending voxel order.
  std::vector<Change> decode() const;

 private:
  std::vector<uint8_t> blob_;  // deflated: position runs (varint gap, varint length), then value
                               // runs (varint count, old label, old origin, new label, new origin)
  uint64_t voxels_ = 0;
  uint64_t runs_ = 0;
  size_t rawBytes_ = 0;
};

}  // namespace slicewise
