#pragma once

#include <cstdint>

namespace slicewise {

// The random numbers of one training iteration, a pure function of (seed, iteration): a resumed
// run draws exactly what an uninterrupted one would have drawn, without saving generator state.
// SplitMix64, whose output is the same on every platform (unlike std:: distributions).
class TrainingRandom {
 public:
  TrainingRandom(uint64_t seed, int64_t iteration)
      : state_(seed * 0x9E3779B97F4A7C15ULL ^ (uint64_t(iteration) + 0x632BE59BD9B4E019ULL)) {
    next();
  }

  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // Uniform in [0, n).
  int64_t below(int64_t n) { return int64_t(uniform() * double(n)); }

 private:
  uint64_t state_;
};

}  // namespace slicewise
