#include "predict/KeySliceJob.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "model/SliceAccess.h"

namespace slicewise {

KeySliceJob::KeySliceJob(const PredictionInput& input, Proposal& proposal)
    : input_(input), proposal_(proposal) {
  if (!input.labels || input.labels->empty())
    throw std::invalid_argument("prediction needs a label volume");
  const ImageGeometry& g = input.labels->geometry();
  if (input.provenance && !input.provenance->geometry().sameGrid(g))
    throw std::invalid_argument("provenance and labels are on different grids");
  if (input.image && !input.image->geometry().sameGrid(g, 1e-3))
    throw std::invalid_argument("image and labels are on different grids");
  plane_ = slicePlane(g, input.axis);
  keys_ = input.keySlices;
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
  if (keys_.empty()) throw std::invalid_argument("prediction needs at least one key slice");
  if (keys_.front() < 0 || keys_.back() >= plane_.count)
    throw std::invalid_argument("key slice out of range (the axis has " +
                                std::to_string(plane_.count) + " slices)");
}

std::vector<Label> KeySliceJob::inputSlice(int64_t slice) const {
  return input_.labels->slice(plane_, slice);
}

void KeySliceJob::write(int64_t slice, std::vector<Label> pixels) {
  const ImageGeometry& g = input_.labels->geometry();
  if (input_.provenance) {
    const auto origin = extractSlice(input_.provenance->data(), g, plane_, slice);
    const auto given = inputSlice(slice);
    for (size_t i = 0; i < pixels.size(); ++i)
      if (origin[i] != uint8_t(VoxelOrigin::None)) pixels[i] = given[i];
  }
  insertSlice(proposal_.labels.data().data(), g, plane_, slice, pixels.data());
}

void KeySliceJob::setConfidence(int64_t slice, float confidence) {
  proposal_.sliceConfidence.at(size_t(slice)) = std::clamp(confidence, 0.0f, 1.0f);
}

float KeySliceJob::confidence(int64_t slice) const {
  return proposal_.sliceConfidence.at(size_t(slice));
}

void KeySliceJob::sliceFinished() {
  const int64_t done = ++finished_;
  if (!input_.progress) return;
  std::lock_guard lock(progressMutex_);
  const int64_t total =
      std::max<int64_t>(1, plane_.count - int64_t(keys_.size()) + extraWork_.load());
  if (!input_.progress(std::min(1.0, double(done) / double(total)))) cancelled_ = true;
}

}  // namespace slicewise
