#include "model/VoxelDelta.h"

#include "model/ByteCodec.h"

namespace slicewise {

namespace {

void putVarint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(uint8_t(v | 0x80));
    v >>= 7;
  }
  out.push_back(uint8_t(v));
}

uint64_t getVarint(const uint8_t*& p, const uint8_t* end) {
  uint64_t v = 0;
  for (int shift = 0; p < end && shift < 64; shift += 7) {
    const uint8_t b = *p++;
    v |= uint64_t(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  throw CodecError("damaged undo record");
}

}  // namespace

VoxelDelta VoxelDelta::build(const std::vector<Change>& changes) {
  VoxelDelta d;
  d.voxels_ = changes.size();
  if (changes.empty()) return d;
  std::vector<uint8_t> raw;
  int64_t next = 0;  // one past the previous run
  for (size_t i = 0; i < changes.size();) {
    size_t j = i + 1;
    while (j < changes.size() && changes[j].linear == changes[j - 1].linear + 1) ++j;
    putVarint(raw, uint64_t(changes[i].linear - next));
    putVarint(raw, uint64_t(j - i));
    next = changes[j - 1].linear + 1;
    ++d.runs_;
    i = j;
  }
  // Then the values, run-length coded too: a stroke over one label changes every voxel the same
  // way, so its values cost a few bytes whatever its size.
  const auto sameValues = [](const Change& a, const Change& b) {
    return a.oldLabel == b.oldLabel && a.newLabel == b.newLabel && a.oldOrigin == b.oldOrigin &&
           a.newOrigin == b.newOrigin;
  };
  for (size_t i = 0; i < changes.size();) {
    size_t j = i + 1;
    while (j < changes.size() && sameValues(changes[j], changes[i])) ++j;
    putVarint(raw, uint64_t(j - i));
    const Change& c = changes[i];
    const uint8_t values[6] = {uint8_t(c.oldLabel), uint8_t(c.oldLabel >> 8), c.oldOrigin,
                               uint8_t(c.newLabel), uint8_t(c.newLabel >> 8), c.newOrigin};
    raw.insert(raw.end(), values, values + 6);
    i = j;
  }
  d.rawBytes_ = raw.size();
  d.blob_ = compressBytes(raw.data(), raw.size());
  return d;
}

std::vector<VoxelDelta::Change> VoxelDelta::decode() const {
  std::vector<Change> out;
  if (voxels_ == 0) return out;
  std::vector<uint8_t> raw(rawBytes_);
  decompressBytes(blob_, raw.data(), raw.size());
  out.resize(voxels_);
  const uint8_t* p = raw.data();
  const uint8_t* const end = raw.data() + raw.size();
  size_t at = 0;
  int64_t next = 0;
  for (uint64_t r = 0; r < runs_; ++r) {
    const int64_t start = next + int64_t(getVarint(p, end));
    const uint64_t length = getVarint(p, end);
    if (length > out.size() - at) throw CodecError("damaged undo record");
    for (uint64_t i = 0; i < length; ++i) out[at++].linear = start + int64_t(i);
    next = start + int64_t(length);
  }
  if (at != out.size()) throw CodecError("damaged undo record");
  for (at = 0; at < out.size();) {
    const uint64_t count = getVarint(p, end);
    if (count == 0 || count > out.size() - at || end - p < 6) throw CodecError("damaged undo record");
    const Label oldLabel = Label(p[0] | (p[1] << 8)), newLabel = Label(p[3] | (p[4] << 8));
    const uint8_t oldOrigin = p[2], newOrigin = p[5];
    p += 6;
    for (uint64_t i = 0; i < count; ++i, ++at) {
      out[at].oldLabel = oldLabel;
      out[at].newLabel = newLabel;
      out[at].oldOrigin = oldOrigin;
      out[at].newOrigin = newOrigin;
    }
  }
  if (p != end) throw CodecError("damaged undo record");
  return out;
}

}  // namespace slicewise
