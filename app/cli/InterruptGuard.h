#pragma once

#include <atomic>

namespace slicewise::cli {

// Ctrl-C and SIGTERM set the returned flag (instead of killing the process) while the guard
// lives, so a transfer stops cleanly and removes what it had received.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  const std::atomic<bool>* flag() const;
};

}  // namespace slicewise::cli
