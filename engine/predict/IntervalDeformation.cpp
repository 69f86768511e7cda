#include "predict/IntervalDeformation.h"

#include <algorithm>
#include <tbb/parallel_for.h>

namespace slicewise {

IntervalDeformation::IntervalDeformation(int64_t a, int64_t b, int64_t width, int64_t height,
                                         PairRegistration registerPair, int64_t blockPairs,
                                         std::function<bool()> cancelled)
    : a_(a), b_(b), width_(width), height_(height), blockPairs_(std::max<int64_t>(1, blockPairs)),
      registerPair_(std::move(registerPair)), cancelled_(std::move(cancelled)) {}

int64_t IntervalDeformation::registrationCount(int64_t a, int64_t b, int64_t blockPairs,
                                               bool withImage) {
  if (!withImage) return 0;
  const int64_t pairs = b - a, blocks = (pairs + blockPairs - 1) / blockPairs;
  // The second pass repeats every block but the last.
  return pairs + (blocks - 1) * blockPairs;
}

IntervalDeformation::PairFields IntervalDeformation::registerBlock(int64_t first, int64_t last) {
  PairFields f;
  const size_t n = size_t(last - first);
  f.down.resize(n);
  f.up.resize(n);
  f.shares.assign(n, 0.0);
  tbb::parallel_for(size_t(0), n, [&](size_t k) {
    if (cancelled_()) return;
    auto r = registerPair_(first + int64_t(k));
    f.shares[k] = r.differenceBefore > 1e-6
                      ? std::min(1.0, r.differenceAfter / r.differenceBefore)
                      : 0.0;
    f.up[k] = DisplacementField::invert(r.field);
    f.down[k] = std::move(r.field);
  });
  return f;
}

void IntervalDeformation::registerPairs() {
  const DisplacementField identity(width_, height_);
  DisplacementField toLower = identity, lowerToUpper = identity;
  if (!registerPair_) {
    upperToLower_ = lowerToUpper_ = identity;
    return;
  }
  double shareSum = 0;
  for (int64_t first = a_; first < b_ && !cancelled_(); first += blockPairs_) {
    const int64_t last = std::min(b_, first + blockPairs_);
    checkpoints_.push_back(toLower);
    PairFields block = registerBlock(first, last);
    if (cancelled_()) return;
    for (size_t k = 0; k < block.down.size(); ++k) {
      toLower = DisplacementField::compose(block.down[k], toLower);
      // Where each pixel of slice a lies on the next slice: followed forward, point by point.
      lowerToUpper = DisplacementField::compose(lowerToUpper, block.up[k]);
      shareSum += block.shares[k];
    }
    if (last == b_) lastBlock_ = std::make_unique<PairFields>(std::move(block));
  }
  upperToLower_ = std::move(toLower);
  lowerToUpper_ = std::move(lowerToUpper);
  unexplained_ = shareSum / double(b_ - a_);
}

void IntervalDeformation::visitSlices(const std::function<void(std::vector<SliceFields>&)>& visit) {
  const DisplacementField identity(width_, height_);
  if (!registerPair_) {
    for (int64_t top = b_ - 1; top > a_ && !cancelled_(); top -= blockPairs_) {
      std::vector<SliceFields> slices;
      for (int64_t s = top; s > std::max(a_, top - blockPairs_); --s)
        slices.push_back({s, identity, identity, 0.0f, 0.0f});
      visit(slices);
    }
    return;
  }
  DisplacementField toUpper = identity;  // at the block's top slice
  for (size_t j = checkpoints_.size(); j-- > 0 && !cancelled_();) {
    const int64_t first = a_ + int64_t(j) * blockPairs_, last = std::min(b_, first + blockPairs_);
    PairFields block;
    if (last == b_ && lastBlock_) {
      block = std::move(*lastBlock_);
      lastBlock_.reset();
    } else {
      block = registerBlock(first, last);
    }
    if (cancelled_()) return;
    // Fields of slices first .. last: toLower upwards from the checkpoint, toUpper downwards.
    const size_t n = size_t(last - first);
    std::vector<DisplacementField> lower(n + 1), upper(n + 1);
    lower[0] = std::move(checkpoints_[j]);
    for (size_t k = 0; k < n; ++k) lower[k + 1] = DisplacementField::compose(block.down[k], lower[k]);
    upper[n] = std::move(toUpper);
    for (size_t k = n; k-- > 0;) upper[k] = DisplacementField::compose(block.up[k], upper[k + 1]);
    block = {};
    std::vector<SliceFields> slices;
    for (size_t k = 0; k <= n; ++k) {
      const int64_t s = first + int64_t(k);
      if (s <= a_ || s >= b_ || (k == n && last != b_)) continue;  // a block's top is the next one's
      SliceFields f;
      f.slice = s;
      f.lowerReach = lower[k].maxLength();
      f.upperReach = upper[k].maxLength();
      f.toLower = std::move(lower[k]);
      f.toUpper = k == 0 ? upper[k] : std::move(upper[k]);
      slices.push_back(std::move(f));
    }
    toUpper = std::move(upper[0]);
    if (!slices.empty()) visit(slices);
  }
}

}  // namespace slicewise
