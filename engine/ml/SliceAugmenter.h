#pragma once

// Private to the ml library: includes LibTorch.
#include <torch/torch.h>
#include <utility>

#include "ml/TrainingRandom.h"

namespace slicewise {

// Training-time variation that keeps anatomy valid: per sample a rotation (+-10 degrees), an
// isotropic scale (0.9 to 1.1) and a shift (+-5 % of the slice) in millimetres, so anisotropic
// pixels are turned as the patient would be, and an intensity gain (0.9 to 1.1) and offset
// (+-0.1). Never flips: a mirrored slice would swap left and right labels.
class SliceAugmenter {
 public:
  // pixel spacing of the slices (u across, v down), in mm.
  SliceAugmenter(double spacingU, double spacingV) : spacingU_(spacingU), spacingV_(spacingV) {}

  // images: B x 1 x H x W float; classes: B x H x W int64, on any device. Images are resampled
  // bilinearly, classes by nearest neighbour, both with the border value outside.
  std::pair<torch::Tensor, torch::Tensor> apply(const torch::Tensor& images, const torch::Tensor& classes,
                                                TrainingRandom& random) const;

 private:
  double spacingU_, spacingV_;
};

}  // namespace slicewise
