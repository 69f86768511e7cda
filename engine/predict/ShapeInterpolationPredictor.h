#pragma once

#include "predict/KeyedSlicePredictor.h"

namespace slicewise {

// Shape-based interpolation (Herman et al. 1992), multi-label: per label a signed distance map
// (mm, positive inside) of each key slice, clipped outside at -clip mm (an absent label reads
// -clip) and inside at +clip, interpolated along the axis and thresholded at 0; where several
// labels are positive the one with the largest distance wins, so labels never overlap. Where none
// is, a pixel still goes to the largest if the union of labels' own distance, blended alike, says
// it is inside: a seam between touching labels whose shared outline moved, not background.
//  - Cubic: the clip follows the gap between the enclosing keys, twice that inside (ShapeClip),
//    and the maps are smoothed by half a pixel. A monotone piecewise cubic Hermite through all
//    keys (Fritsch-Carlson: slopes 0 at a key where the neighbouring secants change sign, within
//    the radius-3 circle elsewhere; one-sided three-point slopes at the outermost keys) never
//    leaves the range of the two enclosing keys' values, so a label ends before an empty-here
//    key: half-way where it is at most the clip deep, further the deeper it is. Beyond the
//    outermost keys labels taper (TaperedCarry).
//  - Linear: between the two enclosing keys only, clipped at 5 mm either side, as MITK does;
//    beyond the outermost keys it tapers too.
// Only the distance maps of the (at most four) keys around the current interval are held.
class ShapeInterpolationPredictor final : public KeyedSlicePredictor {
 public:
  enum class Mode { Cubic, Linear };
  explicit ShapeInterpolationPredictor(Mode mode = Mode::Cubic);

  std::string name() const override;
  std::string parametersJson() const override;

  // The monotone cubic between knots (x1, y1) and (x2, y2), with optional outer neighbours
  // (x0, y0) and (x3, y3) (hasPrev/hasNext false at the outermost keys), at x in [x1, x2];
  // `floor` is the clipped "absent" value. Exposed for tests of the no-overshoot property.
  static float pchip(double x0, float y0, bool hasPrev, double x1, float y1, double x2, float y2,
                     double x3, float y3, bool hasNext, double x, float floor = -5.0f);

 protected:
  void fillBetweenKeys(KeySliceJob& job) const override;
  bool tapersBeyondKeys() const override { return true; }

 private:
  Mode mode_;
};

}  // namespace slicewise
