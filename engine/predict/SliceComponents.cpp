#include "predict/SliceComponents.h"

#include <algorithm>

namespace slicewise {

void ShapeMask::measure() {
  area = 0;
  double su = 0, sv = 0;
  for (int64_t v = 0; v < box.height(); ++v)
    for (int64_t u = 0; u < box.width(); ++u)
      if (pixels[size_t(v * box.width() + u)]) {
        ++area;
        su += double(u + box.u0);
        sv += double(v + box.v0);
      }
  cu = area ? su / double(area) : 0.0;
  cv = area ? sv / double(area) : 0.0;
}

int64_t ShapeMask::overlap(const ShapeMask& o) const {
  const int64_t u0 = std::max(box.u0, o.box.u0), u1 = std::min(box.u1, o.box.u1);
  const int64_t v0 = std::max(box.v0, o.box.v0), v1 = std::min(box.v1, o.box.v1);
  int64_t n = 0;
  for (int64_t v = v0; v < v1; ++v)
    for (int64_t u = u0; u < u1; ++u) n += contains(u, v) && o.contains(u, v);
  return n;
}

ShapeMask ShapeMask::unite(const std::vector<const ShapeMask*>& parts) {
  ShapeMask out;
  for (const ShapeMask* p : parts) out.box = out.box.united(p->box);
  out.pixels.assign(size_t(std::max<int64_t>(0, out.box.width() * out.box.height())), 0);
  for (const ShapeMask* p : parts)
    for (int64_t v = p->box.v0; v < p->box.v1; ++v)
      for (int64_t u = p->box.u0; u < p->box.u1; ++u)
        if (p->contains(u, v))
          out.pixels[size_t((v - out.box.v0) * out.box.width() + (u - out.box.u0))] = 1;
  out.measure();
  return out;
}

std::vector<ShapeMask> labelComponents(const std::vector<Label>& slice, int64_t w, int64_t h,
                                       Label label) {
  std::vector<int32_t> comp(slice.size(), -1);
  std::vector<PixelBox> boxes;
  std::vector<int64_t> stack;
  for (int64_t start = 0; start < w * h; ++start) {
    if (slice[size_t(start)] != label || comp[size_t(start)] >= 0) continue;
    const auto id = int32_t(boxes.size());
    PixelBox b{start % w, start / w, start % w + 1, start / w + 1};
    comp[size_t(start)] = id;
    stack.push_back(start);
    while (!stack.empty()) {
      const int64_t p = stack.back();
      stack.pop_back();
      const int64_t u = p % w, v = p / w;
      b = {std::min(b.u0, u), std::min(b.v0, v), std::max(b.u1, u + 1), std::max(b.v1, v + 1)};
      for (int64_t dv = -1; dv <= 1; ++dv)
        for (int64_t du = -1; du <= 1; ++du) {
          const int64_t nu = u + du, nv = v + dv;
          if (nu < 0 || nv < 0 || nu >= w || nv >= h) continue;
          const int64_t q = nv * w + nu;
          if (slice[size_t(q)] == label && comp[size_t(q)] < 0) {
            comp[size_t(q)] = id;
            stack.push_back(q);
          }
        }
    }
    boxes.push_back(b);
  }
  std::vector<ShapeMask> out(boxes.size());
  for (size_t i = 0; i < boxes.size(); ++i) {
    out[i].box = boxes[i];
    out[i].pixels.assign(size_t(boxes[i].width() * boxes[i].height()), 0);
  }
  for (size_t i = 0; i < boxes.size(); ++i) {
    const PixelBox& b = boxes[i];
    for (int64_t v = b.v0; v < b.v1; ++v)
      for (int64_t u = b.u0; u < b.u1; ++u)
        if (comp[size_t(v * w + u)] == int32_t(i))
          out[i].pixels[size_t((v - b.v0) * b.width() + (u - b.u0))] = 1;
    out[i].measure();
  }
  return out;
}

}  // namespace slicewise
