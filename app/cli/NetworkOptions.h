#pragma once

#include <cstdint>
#include <string>

#include "jobs/EnsembleParameters.h"
#include "jobs/UNetParameters.h"

namespace CLI {
class App;
}

namespace slicewise::cli {

// The options every command that may train a network shares (predict, evaluate, bench unet).
struct NetworkOptions {
  int64_t iterations = UNetParameters{}.iterations;
  std::string encoderWeights;
  std::string initialWeights;
  int threads = 0;
};

// --iterations N, --encoder-weights FILE, --initial-weights FILE, --threads N.
void addNetworkOptions(CLI::App& cmd, NetworkOptions& options);
UNetParameters unetParameters(const NetworkOptions& options);
// --parameters JSON (keys as in job.json) merged into `parameters`; the options given on the
// command line win over the same keys. Throws CliFailure naming what is wrong.
void mergeParametersJson(UNetParameters& parameters, const std::string& json, const NetworkOptions& given);

// The ensemble predictor's options (predict, evaluate).
struct EnsembleOptions {
  std::string members = "unet,shape";
  double tauMm = EnsembleParameters{}.tauMm;
};

// --ensemble-of A,B, --ensemble-tau MM.
void addEnsembleOptions(CLI::App& cmd, EnsembleOptions& options);
EnsembleParameters ensembleParameters(const EnsembleOptions& options);

}  // namespace slicewise::cli
