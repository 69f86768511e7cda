#pragma once

#include <cstdint>
#include <vector>

#include "model/LabelVolume.h"
#include "model/SliceAxis.h"

namespace slicewise {

// A rectangle of a slice: u in [u0, u1), v in [v0, v1).
struct PixelBox {
  int64_t u0 = 0, v0 = 0, u1 = 0, v1 = 0;
  bool empty() const { return u1 <= u0 || v1 <= v0; }
  int64_t width() const { return u1 - u0; }
  int64_t height() const { return v1 - v0; }
  PixelBox united(const PixelBox& o) const;
};

// The clipped signed distance maps (mm, positive inside, within +-clip) of every label of one key
// slice. Each map covers only the label's bounding box grown by the clip distance: outside it the
// distance is -clip by construction, so a slice with many small labels costs little memory and
// time, and an empty slice costs nothing.
class KeyDistanceMaps {
 public:
  KeyDistanceMaps(const std::vector<Label>& slice, const SlicePlane& plane, float clipMm);
  // Inside distances clipped at insideClipMm (outside ones at clipMm; the boxes grow by clipMm),
  // and, with `smooth`, every map smoothed by half a pixel (DistanceTransform::smoothHalfPixel).
  KeyDistanceMaps(const std::vector<Label>& slice, const SlicePlane& plane, float clipMm,
                  float insideClipMm, bool smooth);

  const std::vector<Label>& labels() const { return labels_; }  // ascending
  bool has(Label label) const;
  // The box a label's map covers (empty when the label is absent).
  PixelBox box(Label label) const;
  // The map's value at a pixel; -clip outside the box or for an absent label.
  float at(Label label, int64_t u, int64_t v) const;
  // Index of a label's map, or -1; mapAt() is the fast path for pixel loops.
  int indexOf(Label label) const;
  float mapAt(int index, int64_t u, int64_t v) const;
  // The map read bilinearly at a real position (pixels of the slice, clamped to the slice of
  // width x height): how a shape carried by a deformation is read.
  float sampleAt(int index, double u, double v, int64_t width, int64_t height) const;
  float clip() const { return clip_; }
  // The signed distance (mm) to the union of all labels, positive in the background and clipped
  // like a label's map (the background's own inside at the inside clip): where two labels touch,
  // both of their own maps are negative on a thin seam that is still inside the union, so this is
  // what tells a seam from true background.
  float backgroundAt(int64_t u, int64_t v) const;
  float backgroundSampleAt(double u, double v, int64_t width, int64_t height) const;
  // A label's depth (mm): the distance from its deepest pixel to its outline, not clipped;
  // -clip for an absent label.
  float depth(int index) const { return index < 0 ? -clip_ : maps_[size_t(index)].depth; }

 private:
  struct Map {
    PixelBox box;
    std::vector<float> values;
    float depth = 0;
  };
  float clip_, insideClip_;
  std::vector<Label> labels_;
  std::vector<Map> maps_;
  Map background_;  // box empty for an empty slice: +insideClip everywhere
};

}  // namespace slicewise
