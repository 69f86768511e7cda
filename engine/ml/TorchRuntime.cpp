#include <torch/torch.h>

#include <mutex>
#include <stdexcept>
#include <thread>

#include "ml/ComputeDevice.h"

namespace slicewise {

std::optional<ComputeDevice> ComputeDevice::parse(const std::string& text) {
  if (text == "cpu") return ComputeDevice{false, 0};
  if (text == "cuda") return ComputeDevice{true, 0};
  if (text.rfind("cuda:", 0) == 0) {
    try {
      size_t used = 0;
      const int idx = std::stoi(text.substr(5), &used);
      if (used == text.size() - 5 && idx >= 0) return ComputeDevice{true, idx};
    } catch (...) {
    }
  }
  return std::nullopt;
}

void TorchRuntime::initialise() {
  static std::once_flag once;
  std::call_once(once, [] {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    torch::set_num_threads(int(cores));
  });
}

bool TorchRuntime::cudaAvailable() { return torch::cuda::is_available(); }

int TorchRuntime::cudaDeviceCount() { return int(torch::cuda::device_count()); }

int TorchRuntime::threadCount() {
  initialise();
  return at::get_num_threads();
}

void TorchRuntime::requireDevice(const ComputeDevice& device) {
  if (!device.cuda) return;
  if (!cudaAvailable())
    throw std::runtime_error("CUDA is not available in this LibTorch build; use --device cpu");
  if (device.index >= cudaDeviceCount())
    throw std::runtime_error("no CUDA device " + std::to_string(device.index) + " (found " +
                             std::to_string(cudaDeviceCount()) + ")");
}

}  // namespace slicewise
