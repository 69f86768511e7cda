#pragma once

#include "predict/KeyedSlicePredictor.h"
#include "predict/SliceRegistration.h"

namespace slicewise {

// Shape interpolation that follows the image. Every pair of neighbouring image slices between
// the outermost keys is registered (SliceRegistration, on intensities normalised by rank); the
// pairwise deformations are composed (IntervalDeformation), so each slice between two keys knows
// where each of its pixels lies on the keys before and after it, and on the keys beyond those.
// The clipped signed distance maps of the keys (as in `shape`) are read there, blended along the
// axis by the same monotone cubic and thresholded at 0; the label with the largest value wins,
// and seams between touching labels are closed as in `shape`.
// The clip is each label's own (ShapeClip::forCarriedLabel; twice that inside, maps smoothed by
// half a pixel). Where the image has no structure (or there is no image) the deformations are
// the identity and a structure deeper than twice the gap is interpolated as `shape` does.
// Empty-here keys stop labels, drawn voxels are kept and the slices beyond the outermost keys
// taper, as in `shape`. A slice's confidence falls with its distance to the nearest key, with the
// disagreement of the shapes carried from its two enclosing keys (1 - their Dice), and with the
// share of the neighbouring slices' differences the registration could not explain.
class GuidedShapePredictor final : public KeyedSlicePredictor {
 public:
  struct Options {
    SliceRegistration::Options registration;  // its `noise` is set from the image, see below
    // The registration takes gradients up to this many times the image's noise (estimated on
    // the normalised image, IntensityQuantiles::noise) as flat.
    double noiseScale = 3.0;
    // Working memory for the deformations of one block of slices; long gaps between keys on
    // big slices are handled a block at a time (see IntervalDeformation).
    double blockBytes = 128.0 * 1024 * 1024;
  };
  GuidedShapePredictor() = default;
  explicit GuidedShapePredictor(Options options);

  std::string name() const override { return "guided"; }
  bool followsImage() const override { return true; }
  std::string parametersJson() const override;

 protected:
  void fillBetweenKeys(KeySliceJob& job) const override;
  bool tapersBeyondKeys() const override { return true; }

 private:
  Options options_;
};

}  // namespace slicewise
