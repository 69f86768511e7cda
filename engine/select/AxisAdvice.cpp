#include "select/AxisAdvice.h"

#include <algorithm>
#include <sstream>

namespace slicewise {

AxisAdvice AxisAdvice::forGeometry(const ImageGeometry& geometry) {
  AxisAdvice a;
  for (SliceAxis axis : kAllAxes) {
    const SlicePlane p = slicePlane(geometry, axis);
    a.axes[size_t(axis)] = {p.spacingNormal, {p.spacingU, p.spacingV}, p.count};
  }
  const auto [lo, hi] = std::minmax_element(geometry.spacing.begin(), geometry.spacing.end());
  a.anisotropy = *lo > 0 ? *hi / *lo : 1.0;
  a.anisotropic = a.anisotropy >= kAnisotropyThreshold;
  a.finest = SliceAxis::Coronal;
  for (SliceAxis axis : {SliceAxis::Sagittal, SliceAxis::Axial})
    if (a.axes[size_t(axis)].sliceSpacingMm < a.axes[size_t(a.finest)].sliceSpacingMm) a.finest = axis;

  std::ostringstream why;
  why.precision(3);
  const auto& f = a.axes[size_t(a.finest)];
  if (a.anisotropic) {
    a.recommended = a.finest;
    const auto coarsest = std::max_element(a.axes.begin(), a.axes.end(), [](const auto& x, const auto& y) {
      return x.sliceSpacingMm < y.sliceSpacingMm;
    });
    why << "anisotropic voxels (" << a.anisotropy << ":1): " << axisName(a.finest) << " slices are "
        << f.sliceSpacingMm << " mm apart, " << axisName(SliceAxis(coarsest - a.axes.begin()))
        << " slices " << coarsest->sliceSpacingMm
        << " mm; annotate " << axisName(a.finest)
        << " (on 2.5 mm CT the paper found coronal Dice 0.965 vs axial 0.885)";
  } else {
    why << "near-isotropic voxels (" << a.anisotropy << ":1): any axis works";
  }
  a.reason = why.str();
  return a;
}

}  // namespace slicewise
