#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "predict/DisplacementField.h"
#include "predict/SliceRegistration.h"

namespace slicewise {

// The deformations along the slices of one interval between keys a and b: each pair of
// neighbouring slices (s, s+1) is registered, and the pairwise fields are composed so that every
// slice s knows where its pixels lie on slice a (toLower) and on slice b (toUpper).
//
// The pairs are handled in blocks, so memory does not grow with the gap: a first pass registers
// every pair and keeps only the composed field at each block's first slice (a checkpoint) and the
// two ends of the chain; the second pass walks the blocks from b down to a, registering a block's
// pairs again (except the last block, whose fields the first pass kept) and hands each slice's
// two fields to the caller. With one block (the usual case) every pair is registered once.
class IntervalDeformation {
 public:
  // Registers pair (s, s + 1): slice s + 1 fixed, slice s moving. Called from several threads.
  using PairRegistration = std::function<SliceRegistration::Result(int64_t s)>;
  struct SliceFields {
    int64_t slice = 0;
    DisplacementField toLower, toUpper;
    float lowerReach = 0, upperReach = 0;  // their largest displacement (pixels)
  };

  // `registerPair` empty: no image, every field is the identity. `blockPairs`: pairs per block.
  IntervalDeformation(int64_t a, int64_t b, int64_t width, int64_t height,
                      PairRegistration registerPair, int64_t blockPairs,
                      std::function<bool()> cancelled);

  // How many pair registrations the two passes make together.
  static int64_t registrationCount(int64_t a, int64_t b, int64_t blockPairs, bool withImage);

  // The first pass. Afterwards the chain's ends are known.
  void registerPairs();
  const DisplacementField& upperToLower() const { return upperToLower_; }  // on b's grid
  const DisplacementField& lowerToUpper() const { return lowerToUpper_; }  // on a's grid
  // Mean over the pairs of the share of their difference the registration left unexplained.
  double unexplained() const { return unexplained_; }

  // The second pass: calls `visit` with the fields of the slices strictly between a and b, one
  // block at a time (several slices per call), from b down to a.
  void visitSlices(const std::function<void(std::vector<SliceFields>&)>& visit);

 private:
  struct PairFields {
    std::vector<DisplacementField> down, up;  // slice s+1 -> s, slice s -> s+1
    std::vector<double> shares;               // difference left unexplained, per pair
  };
  PairFields registerBlock(int64_t first, int64_t last);  // pairs first .. last-1

  int64_t a_, b_, width_, height_, blockPairs_;
  PairRegistration registerPair_;
  std::function<bool()> cancelled_;
  std::vector<DisplacementField> checkpoints_;  // slice -> a at each block's first slice
  std::unique_ptr<PairFields> lastBlock_;
  DisplacementField upperToLower_, lowerToUpper_;
  double unexplained_ = 0;
};

}  // namespace slicewise
