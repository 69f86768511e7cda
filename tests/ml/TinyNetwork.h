#pragma once

#include <cstdint>

#include "jobs/UNetParameters.h"

namespace slicewise::test {

// A U-Net small enough to overfit a 32 x 32 phantom in seconds on one thread.
inline UNetParameters tinyNetwork(int64_t iterations) {
  UNetParameters p;
  p.levels = 3;
  p.width = 8;
  p.batch = 4;
  p.iterations = iterations;
  p.threads = 1;
  return p;
}

}  // namespace slicewise::test
