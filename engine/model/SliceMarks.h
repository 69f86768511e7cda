#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "model/SliceAxis.h"

namespace slicewise {

// What a person said about a whole slice. Done and EmptyHere are both annotations, and accepted or
// corrected predictions are confirmed too: each makes the slice a key along that axis.
enum class AnnotationState : uint8_t { None = 0, Done = 1, EmptyHere = 2 };
enum class ReviewState : uint8_t { None = 0, Accepted = 1, Corrected = 2, Rejected = 3 };

std::string_view annotationStateName(AnnotationState s);
std::string_view reviewStateName(ReviewState s);
std::optional<AnnotationState> parseAnnotationState(std::string_view s);
std::optional<ReviewState> parseReviewState(std::string_view s);

struct SliceMark {
  int worklistRank = -1;  // >= 0: marked to-annotate, 0 first
  AnnotationState annotation = AnnotationState::None;
  ReviewState review = ReviewState::None;
  int64_t reviewedProposal = 0;  // the study's proposal id a review mark refers to (0: none)

  bool isToAnnotate() const { return worklistRank >= 0; }
  // A whole slice a person confirmed: annotated, or a prediction accepted or corrected (DESIGN §2).
  bool isKey() const {
    return annotation != AnnotationState::None || review == ReviewState::Accepted ||
           review == ReviewState::Corrected;
  }
  bool isBlank() const { return !isToAnnotate() && !isKey() && review == ReviewState::None; }
  bool operator==(const SliceMark&) const = default;
};

// Marks per (axis, slice index); slices without any mark are not stored.
class SliceMarks {
 public:
  using AxisMarks = std::map<int64_t, SliceMark>;

  const AxisMarks& onAxis(SliceAxis axis) const { return marks_[size_t(axis)]; }
  SliceMark get(SliceAxis axis, int64_t index) const;
  void set(SliceAxis axis, int64_t index, const SliceMark& mark);  // a blank mark erases
  void setAnnotation(SliceAxis axis, int64_t index, AnnotationState s);
  void setReview(SliceAxis axis, int64_t index, ReviewState s, int64_t proposalId = 0);

  // Replaces the axis' worklist: slices[r] gets rank r, previous ranks on that axis are cleared.
  void setWorklist(SliceAxis axis, const std::vector<int64_t>& orderedSlices);
  // Slices marked to-annotate, in rank order (done ones included: the caller decides).
  std::vector<int64_t> worklist(SliceAxis axis) const;
  // Key slices on the axis (see SliceMark::isKey), ascending: the predictors' keys.
  std::vector<int64_t> keySlices(SliceAxis axis) const;
  // One past the largest worklist rank on the axis (0 when it has none).
  int nextWorklistRank(SliceAxis axis) const;
  bool operator==(const SliceMarks&) const = default;

 private:
  std::array<AxisMarks, 3> marks_;
};

}  // namespace slicewise
