#include "predict/KeyDistanceMaps.h"

#include <algorithm>
#include <cmath>
#include <tbb/parallel_for.h>

#include "predict/DistanceTransform.h"

namespace slicewise {
namespace {

// A map read bilinearly at a real position, clamped to the slice; wholly outside the map's box
// (the common case far from a label) it is `outside` without reading.
template <typename At>
float bilinear(double u, double v, int64_t width, int64_t height, const PixelBox& box,
               float outside, At at) {
  u = std::clamp(u, 0.0, double(width - 1));
  v = std::clamp(v, 0.0, double(height - 1));
  const int64_t u0 = std::min(int64_t(u), width - 1), v0 = std::min(int64_t(v), height - 1);
  const int64_t u1 = std::min(u0 + 1, width - 1), v1 = std::min(v0 + 1, height - 1);
  if (u1 < box.u0 || v1 < box.v0 || u0 >= box.u1 || v0 >= box.v1) return outside;
  const float fu = float(u - double(u0)), fv = float(v - double(v0));
  const float a = at(u0, v0), b = at(u1, v0), c = at(u0, v1), d = at(u1, v1);
  const float top = a + fu * (b - a), bottom = c + fu * (d - c);
  return top + fv * (bottom - top);
}

}  // namespace

PixelBox PixelBox::united(const PixelBox& o) const {
  if (empty()) return o;
  if (o.empty()) return *this;
  return {std::min(u0, o.u0), std::min(v0, o.v0), std::max(u1, o.u1), std::max(v1, o.v1)};
}

KeyDistanceMaps::KeyDistanceMaps(const std::vector<Label>& slice, const SlicePlane& p, float clip)
    : KeyDistanceMaps(slice, p, clip, clip, false) {}

KeyDistanceMaps::KeyDistanceMaps(const std::vector<Label>& slice, const SlicePlane& p, float clip,
                                 float insideClip, bool smooth)
    : clip_(clip), insideClip_(insideClip) {
  std::vector<PixelBox> boxes(65536);
  std::vector<uint8_t> present(65536, 0);
  for (int64_t v = 0; v < p.height; ++v)
    for (int64_t u = 0; u < p.width; ++u) {
      const Label l = slice[size_t(v * p.width + u)];
      if (!l) continue;
      PixelBox& b = boxes[l];
      if (!present[l]) {
        present[l] = 1;
        b = {u, v, u + 1, v + 1};
      } else {
        b = {std::min(b.u0, u), std::min(b.v0, v), std::max(b.u1, u + 1), std::max(b.v1, v + 1)};
      }
    }
  for (size_t l = 1; l < present.size(); ++l)
    if (present[l]) labels_.push_back(Label(l));
  maps_.resize(labels_.size());
  // One pixel beyond the clip distance, so every pixel within clip of the label is inside the box
  // and every inside pixel within clip of the outside finds that outside pixel in the box.
  const int64_t mu = int64_t(std::ceil(clip / p.spacingU)) + 1;
  const int64_t mv = int64_t(std::ceil(clip / p.spacingV)) + 1;
  tbb::parallel_for(size_t(0), labels_.size(), [&](size_t i) {
    const Label l = labels_[i];
    const PixelBox& b = boxes[l];
    Map& m = maps_[i];
    m.box = {std::max<int64_t>(0, b.u0 - mu), std::max<int64_t>(0, b.v0 - mv),
             std::min(p.width, b.u1 + mu), std::min(p.height, b.v1 + mv)};
    const int64_t w = m.box.width(), h = m.box.height();
    std::vector<uint8_t> inside(size_t(w * h));
    for (int64_t v = 0; v < h; ++v)
      for (int64_t u = 0; u < w; ++u)
        inside[size_t(v * w + u)] = slice[size_t((v + m.box.v0) * p.width + u + m.box.u0)] == l;
    m.values.resize(inside.size());
    m.depth = DistanceTransform::clippedSigned2D(inside.data(), w, h, p.spacingU, p.spacingV, clip,
                                                 insideClip, m.values.data());
    if (smooth) DistanceTransform::smoothHalfPixel(m.values.data(), w, h);
    // A label filling its box up to the image border has no outside pixel there: the border
    // is not a boundary of the structure, so the clipped +clip inside is what we want.
  });
  for (const Map& m : maps_) background_.box = background_.box.united(m.box);
  const PixelBox& bb = background_.box;
  if (!bb.empty()) {
    const int64_t w = bb.width(), h = bb.height();
    std::vector<uint8_t> unlabelled(size_t(w * h));
    for (int64_t v = 0; v < h; ++v)
      for (int64_t u = 0; u < w; ++u)
        unlabelled[size_t(v * w + u)] = slice[size_t((v + bb.v0) * p.width + u + bb.u0)] == 0;
    background_.values.resize(unlabelled.size());
    background_.depth = DistanceTransform::clippedSigned2D(
        unlabelled.data(), w, h, p.spacingU, p.spacingV, clip, insideClip,
        background_.values.data());
    if (smooth) DistanceTransform::smoothHalfPixel(background_.values.data(), w, h);
  }
}

float KeyDistanceMaps::backgroundAt(int64_t u, int64_t v) const {
  const Map& m = background_;
  if (u < m.box.u0 || v < m.box.v0 || u >= m.box.u1 || v >= m.box.v1) return insideClip_;
  return m.values[size_t((v - m.box.v0) * m.box.width() + (u - m.box.u0))];
}

float KeyDistanceMaps::backgroundSampleAt(double u, double v, int64_t width, int64_t height) const {
  return bilinear(u, v, width, height, background_.box, insideClip_,
                  [&](int64_t pu, int64_t pv) { return backgroundAt(pu, pv); });
}

int KeyDistanceMaps::indexOf(Label label) const {
  const auto it = std::lower_bound(labels_.begin(), labels_.end(), label);
  return (it != labels_.end() && *it == label) ? int(it - labels_.begin()) : -1;
}

bool KeyDistanceMaps::has(Label label) const { return indexOf(label) >= 0; }

PixelBox KeyDistanceMaps::box(Label label) const {
  const int i = indexOf(label);
  return i < 0 ? PixelBox{} : maps_[size_t(i)].box;
}

float KeyDistanceMaps::mapAt(int index, int64_t u, int64_t v) const {
  if (index < 0) return -clip_;
  const Map& m = maps_[size_t(index)];
  if (u < m.box.u0 || v < m.box.v0 || u >= m.box.u1 || v >= m.box.v1) return -clip_;
  return m.values[size_t((v - m.box.v0) * m.box.width() + (u - m.box.u0))];
}

float KeyDistanceMaps::sampleAt(int index, double u, double v, int64_t width,
                                int64_t height) const {
  if (index < 0) return -clip_;
  const PixelBox& box = maps_[size_t(index)].box;
  return bilinear(u, v, width, height, box, -clip_,
                  [&](int64_t pu, int64_t pv) { return mapAt(index, pu, pv); });
}

float KeyDistanceMaps::at(Label label, int64_t u, int64_t v) const {
  return mapAt(indexOf(label), u, v);
}

}  // namespace slicewise
