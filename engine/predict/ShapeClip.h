#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/SliceAxis.h"

namespace slicewise {

// How far (mm) the signed distance maps of shape interpolation reach on either side of a
// boundary. Measured on the shared brain MRI and abdominal CT (three axes, keep_n 12.5/20/33 %):
//  - `shape` clips at the gap between the enclosing keys, at least two in-plane pixels. A
//    boundary that moves further than the clip between two keys is interpolated as if it moved
//    only that far, so wide gaps over large structures want a wide clip; a structure that ends
//    between keys vanishes sooner the wider the clip (its absent side reads -clip), so small
//    structures between close keys want a narrow one. The gap beat a fixed 3, 5, 8, 12 or 20 mm
//    and 0.5, 0.75, 1.25, 1.5 or 2 times the gap (mean Dice 0.9016 against 0.9001 for the former
//    fixed 5 mm; 0.9013 at 1.25 times, 0.8996 at 1.5 times).
//  - `guided` carries the keys' shapes along the registration, which follows the boundary's
//    motion, so its clip need not span that motion: each label is clipped at half its depth
//    (the distance from its deepest pixel to its outline on the enclosing keys), within two
//    pixels and the gap. The clip then bounds where the two carried shapes disagree, and a
//    structure that ends between keys keeps its core until half-way while its rim closes in
//    first, as a rounded end does. Brain MRI, mean Dice over the nine cases: 0.8800 against
//    0.8690 with the gap; 0.35 times the depth or a fixed two pixels 0.8803, 0.75 and 1 times
//    0.8783 and 0.8761. On the CT's organs every rule gave 0.9713 to 0.9716. Of the rules that
//    tie on the MRI, half the depth keeps a wide clip for large structures, which matters where
//    the image shows no structure to follow (then `guided` interpolates as `shape` does).
//  - Inside a structure both clip at twice that: the outside clip sets where a structure absent
//    from a key ends, but depth beyond it still tells how far a large structure reaches and how
//    a pixel deep inside it fares. `shape`, mean Dice over the 18 cases (with the taper beyond
//    the outermost keys and the maps' half-pixel smoothing): 0.9050 against 0.9043 clipping
//    inside at the gap, 0.9050 and 0.9051 at 3 and 10 times; brain MRI effort (simulate, keep_n
//    20 %) 0.448 against 0.450, 0.448 and 0.449. `guided`: 0.9276 against 0.9271.
struct ShapeClip {
  // The inside clip for an outside clip.
  static float inside(float clipMm) { return 2.0f * clipMm; }
  static float forGap(double gapMm, double pixelMm);
  // The clip of the interval between keys i and i + 1 (ascending keys).
  static float forInterval(const std::vector<int64_t>& keys, size_t i, const SlicePlane& plane);
  // The widest clip among the intervals whose interpolation reads key k (k-2 .. k+1: the two it
  // encloses and the two it is an outer neighbour of), so that its maps are made once.
  static float forKey(const std::vector<int64_t>& keys, size_t k, const SlicePlane& plane);
  // `guided`'s clip for one label between two keys: half its depth (mm), within two pixels and
  // the interval's clip.
  static float forCarriedLabel(float intervalClip, float depthMm, const SlicePlane& plane);
};

}  // namespace slicewise
