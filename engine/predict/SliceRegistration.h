#pragma once

#include <cstdint>
#include <vector>

#include "predict/DisplacementField.h"

namespace slicewise {

// Deformable registration of one image slice onto another (2D, in-plane): symmetric-forces
// demons (Thirion 1998; Vercauteren et al. 2007) with Gaussian regularisation of the update
// (fluid) and of the field (diffusion), coarse to fine. Intensities are expected normalised to
// about [0, 1] (see IntensityQuantiles), so one set of parameters serves CT and MRI. Spacing
// enters through the smoothing, which is isotropic in millimetres, and the pyramid, which halves
// the finer axis first, so an anisotropic slice (a coronal slice of thick-slice CT) is smoothed
// alike in both directions.
class SliceRegistration {
 public:
  struct Options {
    double fieldSigma = 1.0;    // diffusion regularisation, in pixels of the finer axis
    double updateSigma = 0.0;   // fluid regularisation, idem (0: none)
    double imageSigma = 0.7;    // smoothing of the images before matching, idem
    int iterations = 50;        // per coarser pyramid level
    int finestIterations = 15;  // at full resolution, where the coarser levels did most of the work
    int minLevelSize = 12;      // a level is not halved below this many pixels on an axis
    // Gradient (per pixel, normalised intensity) below which the image counts as flat: the
    // demons step there shrinks with (gradient / noise)^2 instead of being a full step.
    double noise = 0.0;
  };
  struct Result {
    DisplacementField field;    // fixed pixel x corresponds to moving point x + field(x)
    double differenceBefore = 0;  // mean |moving - fixed| without deformation
    double differenceAfter = 0;   // mean |moving(x + field(x)) - fixed(x)| after registration
  };

  SliceRegistration() = default;
  explicit SliceRegistration(Options options) : options_(options) {}
  const Options& options() const { return options_; }

  // Finds the field that makes moving(x + f(x)) match fixed(x). Both slices are width x height,
  // u fastest, with the given pixel spacing (mm).
  Result align(const std::vector<float>& fixed, const std::vector<float>& moving, int64_t width,
               int64_t height, double spacingU, double spacingV) const;

 private:
  Options options_;
};

}  // namespace slicewise
