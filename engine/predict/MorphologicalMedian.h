#pragma once

#include <cstdint>
#include <vector>

namespace slicewise {

// Morphological operations on binary shapes sharing one canvas (width x height, row-major,
// 1 = inside), distances in mm from the pixel spacing. The canvas must keep a one-pixel empty
// border around the shapes.
class MorphologicalMedian {
 public:
  // The shapes between X (t = 0) and Y (t = 1), after Albu et al. 2008 (median set of Meyer and
  // Serra): the intersection grows by iterated conditional dilation inside the union while the
  // union shrinks by iterated erosion towards the intersection. A pixel of Y without X joins the
  // shape when the dilation front, advancing at speed t against the erosion front's 1 - t,
  // reaches it first: when r / (r + d) < t, with r its geodesic distance (inside the union) to
  // the intersection and d its depth in the union; a pixel of X without Y stays while
  // r / (r + d) < 1 - t. At t = 1/2 this is the median: the pixels nearer the intersection than
  // the outside of the union. Disjoint shapes use the union pixel nearest the canvas centre as
  // their intersection.
  class Interpolation {
   public:
    Interpolation(const std::vector<uint8_t>& x, const std::vector<uint8_t>& y, int64_t width,
                  int64_t height, double spacingU, double spacingV);
    std::vector<uint8_t> at(double t) const;

   private:
    std::vector<float> enter_, leave_;  // a pixel is inside while enter < t < leave
  };
  static std::vector<uint8_t> median(const std::vector<uint8_t>& x, const std::vector<uint8_t>& y,
                                     int64_t width, int64_t height, double spacingU,
                                     double spacingV) {
    return Interpolation(x, y, width, height, spacingU, spacingV).at(0.5);
  }

  // A shape eroded to a fraction of its depth: at(f) keeps the pixels deeper than f times the
  // deepest one (0 keeps the shape, 1 and beyond keep nothing). A shape present on one key only
  // shrinks this way to its deepest point.
  class Erosion {
   public:
    Erosion(const std::vector<uint8_t>& x, int64_t width, int64_t height, double spacingU,
            double spacingV);
    std::vector<uint8_t> at(double fraction) const;

   private:
    std::vector<uint8_t> shape_;
    std::vector<float> depth_;
    float deepest_ = 0;
  };
};

}  // namespace slicewise
