#pragma once

#include "model/ImageGeometry.h"

namespace slicewise::fuzz {

// The grid of the corpus' tiny CT series (16x16x2, 0.5 mm pixels, 2 mm apart): SEG inputs are
// placed on it, so mutated SEG files reach the frame decoding.
inline ImageGeometry corpusGrid() {
  ImageGeometry g;
  g.size = {16, 16, 2};
  g.spacing = {0.5, 0.5, 2.0};
  g.origin = {-4.0, -4.0, 10.0};
  return g;
}

}  // namespace slicewise::fuzz
