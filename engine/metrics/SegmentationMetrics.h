#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "model/LabelVolume.h"
#include "model/SliceAxis.h"

namespace slicewise {

struct LabelScore {
  Label label = 0;
  double dice = 0.0;                     // 0 when the label is in only one of the two
  std::optional<double> avgHausdorffMm;  // null when either side is empty
  std::optional<double> hd95Mm;
  uint64_t truthVoxels = 0, predictedVoxels = 0;
};

struct SegmentationScore {
  std::vector<LabelScore> labels;  // every label present in truth or prediction, ascending
  std::optional<double> meanDice;  // null when no label is present on either side
  std::optional<double> meanAvgHausdorffMm, meanHd95Mm;  // over the labels where defined
  int undefinedHausdorff = 0;  // labels present on one side only (their distances are null)
  int64_t evaluatedSlices = 0;
};

// Only these slices along an axis count (the non-key slices of an evaluation).
struct SliceRestriction {
  SliceAxis axis = SliceAxis::Axial;
  std::vector<int64_t> slices;
};

// The paper's metrics (DESIGN §2), per label:
//  - Dice = 2|T and P| / (|T| + |P|) over the evaluated voxels;
//  - surface voxels: evaluated voxels of the label with a 6-neighbour (in the whole volume)
//    of another label or outside the volume;
//  - directed distances (mm, exact Euclidean, anisotropic spacing) from every surface voxel of
//    one side to the nearest surface voxel of the other;
//  - average Hausdorff = mean of the two directed mean distances; HD95 = mean of the two directed
//    95th percentiles (nearest rank: the ceil(0.95 n)-th smallest).
class SegmentationMetrics {
 public:
  // Throws std::invalid_argument when the grids differ.
  static SegmentationScore compare(const LabelVolume& truth, const LabelVolume& prediction,
                                   const std::optional<SliceRestriction>& restriction = {});
  // 0..count-1 without the given slices: the slices an evaluation scores.
  static std::vector<int64_t> otherSlices(int64_t count, const std::vector<int64_t>& keys);
};

}  // namespace slicewise
