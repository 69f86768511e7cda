#include "model/ReviewOrder.h"

#include <algorithm>
#include <array>
#include <map>

namespace slicewise {

namespace {

double meanDice(const std::vector<Label>& a, const std::vector<Label>& b) {
  std::map<Label, std::array<uint64_t, 3>> n;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i]) ++n[a[i]][0];
    if (b[i]) ++n[b[i]][1];
    if (a[i] && a[i] == b[i]) ++n[a[i]][2];
  }
  if (n.empty()) return 1.0;
  double sum = 0;
  for (const auto& [label, c] : n) sum += 2.0 * double(c[2]) / double(c[0] + c[1]);
  return sum / double(n.size());
}

}  // namespace

std::vector<ReviewItem> ReviewOrder::compute(const Proposal& p, const SliceMarks& marks, const Proposal* other) {
  const SlicePlane plane = slicePlane(p.labels.geometry(), p.axis);
  const bool compare = other && other->axis == p.axis && other->labels.geometry().size == p.labels.geometry().size;
  std::vector<int64_t> keys = p.keySlices;
  std::sort(keys.begin(), keys.end());
  std::vector<ReviewItem> out;
  for (int64_t s = 0; s < plane.count; ++s) {
    if (std::binary_search(keys.begin(), keys.end(), s)) continue;
    const SliceMark m = marks.get(p.axis, s);
    // A slice a person annotated since the proposal was made is no prediction to review.
    if (m.annotation != AnnotationState::None) continue;
    ReviewItem item;
    item.slice = s;
    item.confidence = size_t(s) < p.sliceConfidence.size() ? p.sliceConfidence[size_t(s)] : 0.0f;
    item.reviewed = m.review != ReviewState::None;
    if (compare) item.disagreement = 1.0 - meanDice(p.labels.slice(plane, s), other->labels.slice(plane, s));
    out.push_back(item);
  }
  std::stable_sort(out.begin(), out.end(), [compare](const ReviewItem& a, const ReviewItem& b) {
    if (compare && a.disagreement != b.disagreement) return a.disagreement > b.disagreement;
    return a.confidence < b.confidence;
  });
  return out;
}

std::vector<int64_t> ReviewOrder::suggest(const std::vector<ReviewItem>& order, const SliceMarks& marks,
                                          SliceAxis axis, size_t count) {
  std::vector<int64_t> out;
  for (const ReviewItem& item : order) {
    if (out.size() >= count) break;
    const SliceMark m = marks.get(axis, item.slice);
    if (!item.reviewed && !m.isToAnnotate() && !m.isKey()) out.push_back(item.slice);
  }
  return out;
}

}  // namespace slicewise
