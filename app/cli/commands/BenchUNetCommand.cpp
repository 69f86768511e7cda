// slicewise-cli bench unet [--image IMG --truth LABELS] [--budget 20] [--iterations N] [--longer 4]
//   [--seed S] [--device D] [--json]
// The network predictor's CPU (or GPU) cost: iterations per second and wall time with the default
// network, and how much of the Dice reached after `longer` times as many iterations the default
// reaches. Without --image, the built-in sample CT resampled to 128 x 128 x 64.
#include <CLI/CLI.hpp>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "BenchSample.h"
#include "CliSupport.h"
#include "CommandRegistry.h"
#include "NetworkOptions.h"
#include "PredictorChoice.h"
#include "io/ImageIO.h"
#include "io/LabelMapLoader.h"
#include "metrics/SegmentationMetrics.h"
#include "predict/SparseLabels.h"
#include "select/KeepNSelector.h"
#include "select/SliceBudget.h"

namespace slicewise::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct BenchUNetOptions {
  std::string image, truth, device = "auto";
  double budget = 20;
  int longer = 4;
  uint64_t seed = 0;
  bool json = false;
  NetworkOptions network;
};

struct Run {
  std::string predictor;
  int64_t iterations = 0;
  double trainingSeconds = 0, seconds = 0;
  std::optional<double> dice;
};

Run measure(const SlicePredictor& predictor, int64_t iterations, const PredictionInput& base,
            const LabelVolume& truth, const SliceRestriction& rest) {
  PredictionInput input = base;
  const auto start = Clock::now();
  std::optional<Clock::time_point> trained;
  input.progress = [&](double done) {
    if (done >= 0.95 && !trained) trained = Clock::now();  // UNetPredictor: training is the first 95 %
    return true;
  };
  const Proposal p = predictor.predict(input);
  const auto end = Clock::now();
  Run r;
  r.predictor = predictor.name();
  r.iterations = iterations;
  r.seconds = std::chrono::duration<double>(end - start).count();
  r.trainingSeconds = std::chrono::duration<double>(trained.value_or(end) - start).count();
  r.dice = SegmentationMetrics::compare(truth, p.labels, rest).meanDice;
  return r;
}

void run(const BenchUNetOptions& o) {
  if (o.image.empty() != o.truth.empty()) throw CliFailure("give --image and --truth together");
  auto [image, truth, volumeName] = loadBenchCase(o.image, o.truth);
  const SliceAxis axis = SliceAxis::Axial;
  const int64_t n = slicePlane(image.geometry(), axis).count;
  const auto keys = KeepNSelector::evenlySpaced(n, budgetToCount(o.budget, n));
  const LabelVolume sparse = keepOnlySlices(truth, axis, keys);
  const SliceRestriction rest{axis, SegmentationMetrics::otherSlices(n, keys)};
  PredictionInput input;
  input.image = &image;
  input.labels = &sparse;
  input.axis = axis;
  input.keySlices = keys;
  input.seed = o.seed;
  input.device = o.device;

  std::vector<Run> runs;
  for (const char* name : {"nearest", "shape"}) runs.push_back(measure(*predictorByName(name), 0, input, truth, rest));
  UNetParameters parameters = unetParameters(o.network);
  for (int64_t iterations : {parameters.iterations, parameters.iterations * o.longer}) {
    parameters.iterations = iterations;
    std::cerr << "training unet for " << iterations << " iterations...\n";
    runs.push_back(measure(*predictorByName("unet", parameters), iterations, input, truth, rest));
  }
  const Run& base = runs[2];
  const Run& longRun = runs[3];
  // Negative when either run has no Dice (no labels on the evaluated slices).
  const double ratio = base.dice && longRun.dice && *longRun.dice > 0 ? *base.dice / *longRun.dice : -1.0;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());

  if (o.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const Run& r : runs)
      rows.push_back({{"predictor", r.predictor},
                      {"iterations", r.iterations},
                      {"training_seconds", r.trainingSeconds},
                      {"seconds", r.seconds},
                      {"iterations_per_second", r.iterations ? double(r.iterations) / r.trainingSeconds : 0.0},
                      {"dice", r.dice ? nlohmann::json(*r.dice) : nlohmann::json(nullptr)}});
    return printJson({{"volume", volumeName},
                      {"budget_percent", o.budget},
                      {"keys", keys.size()},
                      {"device", o.device},
                      {"cores", cores},
                      {"runs", rows},
                      {"dice_ratio_to_longer", ratio >= 0 ? nlohmann::json(ratio) : nlohmann::json(nullptr)}});
  }
  std::cout << "unet on " << volumeName << ", axial keep_n " << o.budget << " % (" << keys.size()
            << " keys), device " << o.device << ", " << cores << " cores\n";
  std::cout << std::left << std::setw(10) << "predictor" << std::right << std::setw(12) << "iterations"
            << std::setw(12) << "train s" << std::setw(10) << "it/s" << std::setw(12) << "total s"
            << std::setw(16) << "Dice non-key" << "\n";
  for (const Run& r : runs) {
    std::cout << std::left << std::setw(10) << r.predictor << std::right << std::setw(12)
              << (r.iterations ? std::to_string(r.iterations) : std::string("-")) << std::fixed
              << std::setprecision(1) << std::setw(12) << r.trainingSeconds << std::setprecision(2)
              << std::setw(10) << (r.iterations ? double(r.iterations) / r.trainingSeconds : 0.0)
              << std::setprecision(1) << std::setw(12) << r.seconds << std::setprecision(4) << std::setw(16)
              << r.dice.value_or(0.0) << "\n";
  }
  if (ratio >= 0)
    std::cout << "default reaches " << std::setprecision(3) << ratio << " of the Dice after " << o.longer
              << "x as many iterations\n";
}

void setupBenchUNet(CLI::App& root) {
  auto o = std::make_shared<BenchUNetOptions>();
  CLI::App& group = commandGroup(root, "bench", "Benchmarks printing timing tables");
  CLI::App* cmd = group.add_subcommand("unet", "Train the U-Net predictor: iterations per second, wall time, Dice");
  cmd->add_option("--image", o->image, "Image (default: the built-in sample CT at 128x128x64)");
  cmd->add_option("--truth", o->truth, "Full label map of --image");
  cmd->add_option("--budget", o->budget, "Key slices in percent (keep_n)")->default_val(20)->check(CLI::Range(0.1, 100.0));
  cmd->add_option("--longer", o->longer, "The reference run trains this many times as long")
      ->default_val(4)
      ->check(CLI::Range(1, 100));
  cmd->add_option("--seed", o->seed, "Random seed");
  cmd->add_option("--device", o->device, "auto, cpu or cuda[:N]");
  addNetworkOptions(*cmd, o->network);
  cmd->add_flag("--json", o->json, "Machine-readable results on stdout");
  cmd->callback([o] { run(*o); });
}

SLICEWISE_CLI_COMMAND(97, setupBenchUNet)

}  // namespace
}  // namespace slicewise::cli
