#include "NetworkOptions.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "CliSupport.h"
#include "CommandRegistry.h"

namespace slicewise::cli {

namespace {

std::string shortNumber(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

void addNetworkOptions(CLI::App& cmd, NetworkOptions& options) {
  cmd.add_option("--iterations", options.iterations,
                 "Training iterations of network predictors (unet, deeplab, manet; default " +
                     std::to_string(UNetParameters{}.iterations) + ")")
      ->check(CLI::Range(int64_t(1), int64_t(10000000)));
  cmd.add_option("--encoder-weights", options.encoderWeights,
                 "TorchScript file whose encoder.* parameters warm-start the network (names and shapes must match)")
      ->check(CLI::ExistingFile);
  cmd.add_option("--initial-weights", options.initialWeights,
                 "A finished job's weights.pt (e.g. a cohort model) that starts the whole network where names and "
                 "shapes match (the class head only for the same labels); training then starts warm")
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
  if (!options.initialWeights.empty()) p.initialWeights = std::filesystem::absolute(options.initialWeights).string();
  return p;
}

void mergeParametersJson(UNetParameters& parameters, const std::string& json, const NetworkOptions& given) {
  if (json.empty()) return;
  const nlohmann::json object = nlohmann::json::parse(json, nullptr, false);
  if (object.is_discarded() || !object.is_object()) throw CliFailure("--parameters is not a JSON object");
  nlohmann::json merged = toJson(parameters);
  for (auto& [k, v] : object.items())
    if (!((k == "iterations" && given.iterations != UNetParameters{}.iterations) ||
          (k == "threads" && given.threads != 0)))
      merged[k] = v;
  try {
    parameters = unetParametersFromJson(merged);
    parameters.validate();
  } catch (const std::exception& e) {
    throw CliFailure(std::string("--parameters: ") + e.what());
  }
}

void addEnsembleOptions(CLI::App& cmd, EnsembleOptions& options) {
  cmd.add_option("--ensemble-of", options.members,
                 "Members of the ensemble predictor, comma separated: at most one network (unet, deeplab, manet) "
                 "and interpolators (default unet,shape)");
  cmd.add_option("--ensemble-tau", options.tauMm,
                 "mm: an interpolator's signed distance d becomes the probability logistic(d / tau) (default " +
                     shortNumber(EnsembleParameters{}.tauMm) + ")")
      ->check(CLI::Range(0.01, 1000.0));
}

EnsembleParameters ensembleParameters(const EnsembleOptions& options) {
  EnsembleParameters e;
  e.tauMm = options.tauMm;
  e.members = splitList(options.members);
  return e;
}

}  // namespace slicewise::cli
