#pragma once

#include <algorithm>
#include <array>
#include <vector>

#include "model/BrickGrid.h"
#include "model/ChangeSet.h"

namespace slicewise {

// Gathers one call's change set while voxels change: the box, bricks and labels touched.
class ChangeCollector {
 public:
  explicit ChangeCollector(const BrickGrid& grid) : grid_(grid) {}

  void voxel(int64_t linear, Label oldLabel, Label newLabel) {
    const Index3& n = grid_.volumeSize;
    const int64_t i = linear % n[0], rest = linear / n[0], j = rest % n[1], k = rest / n[1];
    if (count_ == 0) {
      first_ = last_ = {i, j, k};
    } else {
      first_ = {std::min(first_[0], i), std::min(first_[1], j), std::min(first_[2], k)};
      last_ = {std::max(last_[0], i), std::max(last_[1], j), std::max(last_[2], k)};
    }
    ++count_;
    const int64_t brick = grid_.brickOfVoxel(i, j, k);
    if (bricks_.empty() || bricks_.back() != brick) bricks_.push_back(brick);
    labels_[oldLabel >> 6] |= uint64_t(1) << (oldLabel & 63);
    labels_[newLabel >> 6] |= uint64_t(1) << (newLabel & 63);
  }

  ChangeSet take() {
    ChangeSet c;
    if (count_ == 0) return c;
    c.first = first_;
    c.last = last_;
    c.voxelsChanged = count_;
    std::sort(bricks_.begin(), bricks_.end());
    bricks_.erase(std::unique(bricks_.begin(), bricks_.end()), bricks_.end());
    c.bricks = std::move(bricks_);
    for (size_t w = 0; w < labels_.size(); ++w)
      for (uint64_t bits = labels_[w]; bits; bits &= bits - 1)
        c.labels.push_back(Label(w * 64 + size_t(__builtin_ctzll(bits))));
    return c;
  }

 private:
  const BrickGrid& grid_;
  Index3 first_{}, last_{};
  uint64_t count_ = 0;
  std::vector<int64_t> bricks_;
  std::array<uint64_t, 1024> labels_{};
};

}  // namespace slicewise
