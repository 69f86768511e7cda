#include "model/SliceMarks.h"

#include <algorithm>

namespace slicewise {

std::string_view annotationStateName(AnnotationState s) {
  switch (s) {
    case AnnotationState::None: return "none";
    case AnnotationState::Done: return "done";
    case AnnotationState::EmptyHere: return "empty-here";
  }
  return "none";
}

std::string_view reviewStateName(ReviewState s) {
  switch (s) {
    case ReviewState::None: return "none";
    case ReviewState::Accepted: return "accepted";
    case ReviewState::Corrected: return "corrected";
    case ReviewState::Rejected: return "rejected";
  }
  return "none";
}

std::optional<AnnotationState> parseAnnotationState(std::string_view s) {
  for (auto v : {AnnotationState::None, AnnotationState::Done, AnnotationState::EmptyHere})
    if (annotationStateName(v) == s) return v;
  return std::nullopt;
}

std::optional<ReviewState> parseReviewState(std::string_view s) {
  for (auto v : {ReviewState::None, ReviewState::Accepted, ReviewState::Corrected, ReviewState::Rejected})
    if (reviewStateName(v) == s) return v;
  return std::nullopt;
}

SliceMark SliceMarks::get(SliceAxis axis, int64_t index) const {
  const auto& m = marks_[size_t(axis)];
  auto it = m.find(index);
  return it == m.end() ? SliceMark{} : it->second;
}

void SliceMarks::set(SliceAxis axis, int64_t index, const SliceMark& mark) {
  auto& m = marks_[size_t(axis)];
  if (mark.isBlank())
    m.erase(index);
  else
    m[index] = mark;
}

void SliceMarks::setAnnotation(SliceAxis axis, int64_t index, AnnotationState s) {
  SliceMark mark = get(axis, index);
  mark.annotation = s;
  set(axis, index, mark);
}

void SliceMarks::setReview(SliceAxis axis, int64_t index, ReviewState s, int64_t proposalId) {
  SliceMark mark = get(axis, index);
  mark.review = s;
  mark.reviewedProposal = s == ReviewState::None ? 0 : proposalId;
  set(axis, index, mark);
}

int SliceMarks::nextWorklistRank(SliceAxis axis) const {
  int next = 0;
  for (const auto& [index, mark] : marks_[size_t(axis)]) next = std::max(next, mark.worklistRank + 1);
  return next;
}

void SliceMarks::setWorklist(SliceAxis axis, const std::vector<int64_t>& orderedSlices) {
  auto& m = marks_[size_t(axis)];
  for (auto it = m.begin(); it != m.end();) {
    it->second.worklistRank = -1;
    it = it->second.isBlank() ? m.erase(it) : std::next(it);
  }
  for (size_t r = 0; r < orderedSlices.size(); ++r) m[orderedSlices[r]].worklistRank = int(r);
}

std::vector<int64_t> SliceMarks::worklist(SliceAxis axis) const {
  std::vector<std::pair<int, int64_t>> ranked;
  for (const auto& [index, mark] : marks_[size_t(axis)])
    if (mark.isToAnnotate()) ranked.emplace_back(mark.worklistRank, index);
  std::sort(ranked.begin(), ranked.end());
  std::vector<int64_t> out;
  for (const auto& r : ranked) out.push_back(r.second);
  return out;
}

std::vector<int64_t> SliceMarks::keySlices(SliceAxis axis) const {
  std::vector<int64_t> keys;
  for (const auto& [index, mark] : marks_[size_t(axis)])
    if (mark.isKey()) keys.push_back(index);
  return keys;
}

}  // namespace slicewise
