#include "model/KeyStateHash.h"

#include <cstdio>

namespace slicewise {

namespace {

class Fnv1a {
 public:
  void add(const void* data, size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < bytes; ++i) h_ = (h_ ^ p[i]) * 0x100000001b3ULL;
  }
  template <class T>
  void add(const T& value) {
    add(&value, sizeof(value));
  }
  uint64_t value() const { return h_; }

 private:
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace

std::string keyStateHash(const Annotation& annotation, SliceAxis axis) {
  Fnv1a h;
  h.add(uint8_t(axis));
  const SlicePlane plane = slicePlane(annotation.geometry(), axis);
  for (int64_t s : annotation.marks.keySlices(axis)) {
    h.add(s);
    h.add(uint8_t(annotation.marks.get(axis, s).annotation));
    const std::vector<Label> pixels = annotation.labels.slice(plane, s);
    h.add(pixels.data(), pixels.size() * sizeof(Label));
  }
  char out[17];
  std::snprintf(out, sizeof(out), "%016llx", static_cast<unsigned long long>(h.value()));
  return out;
}

}  // namespace slicewise
