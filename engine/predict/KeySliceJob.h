#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "model/LabelVolume.h"
#include "model/Proposal.h"
#include "predict/SlicePredictor.h"
#include "model/SliceAxis.h"

namespace slicewise {

// One prediction in progress: the validated keys, the slice plane and the proposal being filled.
// Predictors read key slices and write predicted slices through it, so that drawn and accepted
// voxels are restored in one place. write() may be called from several threads for different
// slices.
class KeySliceJob {
 public:
  KeySliceJob(const PredictionInput& input, Proposal& proposal);

  const PredictionInput& input() const { return input_; }
  const SlicePlane& plane() const { return plane_; }
  const std::vector<int64_t>& keys() const { return keys_; }
  size_t keyCount() const { return keys_.size(); }
  int64_t key(size_t i) const { return keys_[i]; }

  // The labels of a slice of the sparse input (u fastest).
  std::vector<Label> inputSlice(int64_t slice) const;
  std::vector<Label> keySlice(size_t keyIndex) const { return inputSlice(keys_[keyIndex]); }

  // Stores a predicted slice; voxels the provenance protects keep the input's label.
  void write(int64_t slice, std::vector<Label> pixels);
  // Counts finished slices for the progress callback; true once the caller asked to stop.
  void sliceFinished();
  // Work besides the predicted slices (e.g. registering slices) that the progress should count:
  // announce the units before starting, then report each one finished.
  void expectExtraWork(int64_t units) { extraWork_ += units; }
  void extraWorkFinished() { sliceFinished(); }
  // Replaces the confidence the frame gave a predicted slice (in [0, 1]).
  void setConfidence(int64_t slice, float confidence);
  float confidence(int64_t slice) const;
  bool cancelled() const { return cancelled_.load(); }

 private:
  const PredictionInput& input_;
  Proposal& proposal_;
  SlicePlane plane_;
  std::vector<int64_t> keys_;
  std::atomic<bool> cancelled_{false};
  std::atomic<int64_t> finished_{0};
  std::atomic<int64_t> extraWork_{0};
  std::mutex progressMutex_;
};

}  // namespace slicewise
