#include "NetworkOptions.h"

#include <CLI/CLI.hpp>
#include <filesystem>

namespace slicewise::cli {

void addNetworkOptions(CLI::App& cmd, NetworkOptions& options) {
  cmd.add_option("--iterations", options.iterations,
                 "Training iterations of network predictors (unet; default " +
                     std::to_string(UNetParameters{}.iterations) + ")")
      ->check(CLI::Range(int64_t(1), int64_t(10000000)));
  cmd.add_option("--encoder-weights", options.encoderWeights,
                 "TorchScript file whose encoder.* parameters warm-start the unet (names and shapes must match)")
      ->check(CLI::ExistingFile);
  cmd.add_option("--threads", options.threads, "CPU threads for network predictors (default: every core)")
      ->check(CLI::Range(1, 4096));
}

UNetParameters unetParameters(const NetworkOptions& options) {
  UNetParameters p;
  p.iterations = options.iterations;
  p.threads = options.threads;
  // Absolute, so that a job folder can copy it in and a trainer in another folder finds it.
  if (!options.encoderWeights.empty()) p.encoderWeights = std::filesystem::absolute(options.encoderWeights).string();
  return p;
}

}  // namespace slicewise::cli
