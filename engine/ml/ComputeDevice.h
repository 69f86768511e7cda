#pragma once

#include <optional>
#include <string>

namespace slicewise {

// Where a network runs: "cpu" or "cuda[:N]".
struct ComputeDevice {
  bool cuda = false;
  int index = 0;

  std::string toString() const { return cuda ? "cuda:" + std::to_string(index) : "cpu"; }
  static std::optional<ComputeDevice> parse(const std::string& text);
};

// Facts about the LibTorch runtime; the first call also sets the intra-op thread count to the
// machine's cores (Debian's LibTorch starts with one thread).
class TorchRuntime {
 public:
  static void initialise();
  static bool cudaAvailable();
  static int cudaDeviceCount();
  static int threadCount();
  // Throws std::runtime_error with a clear reason when the device cannot be used.
  static void requireDevice(const ComputeDevice& device);
};

}  // namespace slicewise
