#pragma once

#include <array>
#include <optional>
#include <string>

#include "model/ImageGeometry.h"
#include "model/SliceAxis.h"

namespace slicewise {

// Which axis to annotate along. The paper's anisotropic CT (2.5 mm between axial slices, 0.7 mm
// in-plane) gave far higher Dice on coronal or sagittal slices (U-Net, Keep_n, 12.5 %: axial
// 0.885, coronal 0.965): slices stacked along a finely sampled direction lie close together, so
// each annotated slice predicts its neighbours well, and the coarse direction is seen in-plane.
// So the advice is the axis whose slices are closest together (ties: coronal, sagittal, axial),
// recommended when the voxel spacing is anisotropic (largest / smallest >= 1.5).
struct AxisAdvice {
  struct PerAxis {
    double sliceSpacingMm = 1;               // between neighbouring slices
    std::array<double, 2> inPlaneMm{1, 1};   // pixel spacing within a slice (u, v)
    int64_t sliceCount = 0;
  };
  std::array<PerAxis, 3> axes;  // indexed by SliceAxis
  SliceAxis finest = SliceAxis::Axial;
  double anisotropy = 1;        // largest spacing / smallest
  bool anisotropic = false;
  std::optional<SliceAxis> recommended;  // only for anisotropic volumes
  std::string reason;                    // one sentence for people

  static constexpr double kAnisotropyThreshold = 1.5;
  static AxisAdvice forGeometry(const ImageGeometry& geometry);
};

}  // namespace slicewise
