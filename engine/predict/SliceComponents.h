#pragma once

#include <cstdint>
#include <vector>

#include "predict/KeyDistanceMaps.h"
#include "model/LabelVolume.h"

namespace slicewise {

// A binary shape within a slice: a box and its pixels (row-major in the box, 1 = inside).
struct ShapeMask {
  PixelBox box;
  std::vector<uint8_t> pixels;
  int64_t area = 0;
  double cu = 0, cv = 0;  // centroid in slice pixel coordinates

  bool contains(int64_t u, int64_t v) const {
    return u >= box.u0 && v >= box.v0 && u < box.u1 && v < box.v1 &&
           pixels[size_t((v - box.v0) * box.width() + (u - box.u0))];
  }
  // Recomputes area and centroid from the pixels.
  void measure();
  // Pixels shared with another shape.
  int64_t overlap(const ShapeMask& other) const;
  // The union of several shapes (an empty shape for none).
  static ShapeMask unite(const std::vector<const ShapeMask*>& parts);
};

// The 8-connected components of one label in a slice (u fastest, width x height), each with a
// tight box, in raster order of their first pixel.
std::vector<ShapeMask> labelComponents(const std::vector<Label>& slice, int64_t width,
                                       int64_t height, Label label);

}  // namespace slicewise
