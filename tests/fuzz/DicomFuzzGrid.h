#pragma once

#include "io/DicomTypes.h"
#include "model/ImageGeometry.h"

namespace slicewise::fuzz {

// The grid of the corpus' tiny CT series (16x16x2, 0.5 mm pixels, 2 mm apart).
inline ImageGeometry corpusGrid() {
  ImageGeometry g;
  g.size = {16, 16, 2};
  g.spacing = {0.5, 0.5, 2.0};
  g.origin = {-4.0, -4.0, 10.0};
  return g;
}

// The corpus' tiny CT series (16x16x2, 0.5 mm pixels, 2 mm apart): SEG inputs are placed on it,
// so mutated SEG files reach the frame decoding. Its UIDs are empty, so a SEG naming any series
// is still placed.
inline DicomSeriesInfo corpusSeries() {
  DicomSeriesInfo s;
  for (int k = 0; k < 2; ++k) {
    DicomSliceHeader h;
    h.rows = h.columns = 16;
    h.rowSpacing = h.columnSpacing = 0.5;
    h.file = "corpus-slice-" + std::to_string(k);
    const ImageGeometry g = corpusGrid();
    h.position = {g.origin[0], g.origin[1], g.origin[2] + g.spacing[2] * k};
    h.orientation = {1, 0, 0, 0, 1, 0};
    h.bitsAllocated = h.bitsStored = 16;
    h.highBit = 15;
    h.photometric = "MONOCHROME2";
    s.slices.push_back(h);
  }
  return s;
}

}  // namespace slicewise::fuzz
