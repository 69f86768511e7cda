// slicewise-cli simulate --image IMG --truth LABELS --selector S --budget 20 --predictor P
//   [--axis A] [--accept-dice 0.95] [--rounds R] [--corrections-per-round K] [--seed N]
//   [--device D] [--iterations N] [--resample-labels] [--json]
// Plays a radiologist from the truth (EffortSimulation): how much of a full manual segmentation
// is still done by hand with this selector and predictor.
#include <CLI/CLI.hpp>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "NetworkOptions.h"
#include "PredictorChoice.h"
#include "SelectorChoice.h"
#include "io/ImageIO.h"
#include "io/LabelMapLoader.h"
#include "metrics/EffortSimulation.h"
#include "select/SliceBudget.h"

namespace slicewise::cli {
namespace {

struct SimulateOptions {
  std::string image, truth, selector = "keep_n", predictor, axis = "axial", device = "cpu";
  double budget = 20, acceptDice = 0.95;
  int rounds = 1, corrections = -1;
  uint64_t seed = 0;
  bool json = false, resample = false;
  NetworkOptions network;
};

void run(const SimulateOptions& o) {
  if (o.image.empty()) throw CliFailure("give the image (--image IMG)");
  const SliceAxis axis = axisFromOption(o.axis);
  const Volume image = readImage(o.image);
  std::vector<std::string> warnings;
  const LabelVolume truth = loadLabelMapFor(image.geometry(), o.truth, o.resample, &warnings);
  for (const auto& w : warnings) warn(w);
  const auto selector = selectorByName(o.selector);
  const auto predictor = predictorByName(o.predictor, unetParameters(o.network));
  SelectionRequest request;
  request.axis = axis;
  request.count = budgetToCount(o.budget, slicePlane(image.geometry(), axis).count);
  request.seed = o.seed;
  const std::vector<int64_t> keys = selector->select(image, request);
  EffortOptions options;
  options.axis = axis;
  options.acceptDice = o.acceptDice;
  options.rounds = o.rounds;
  options.correctionsPerRound = o.corrections;
  options.seed = o.seed;
  options.device = o.device;
  EffortResult r;
  try {
    r = EffortSimulation::run(image, truth, keys, *predictor, options);
  } catch (const std::invalid_argument& e) {
    throw CliFailure(e.what());
  }
  nlohmann::json rounds = nlohmann::json::array();
  for (const EffortRound& round : r.rounds)
    rounds.push_back({{"drawn", round.drawn}, {"accepted", round.accepted}, {"corrected", round.corrected},
                      {"correction_cost", round.correctionCost}});
  const nlohmann::json j = {
      {"image", o.image}, {"truth", o.truth}, {"selector", o.selector}, {"predictor", o.predictor},
      {"axis", std::string(axisName(axis))}, {"budget_percent", o.budget}, {"accept_dice", o.acceptDice},
      {"rounds", rounds}, {"drawn", r.drawn}, {"accepted", r.accepted}, {"corrected", r.corrected},
      {"drawn_with_label", r.drawnWithLabel}, {"labelled_slices", r.labelledSlices},
      {"effort_fraction", r.effortFraction}, {"final_dice", r.finalDice},
      {"confidence_dice_spearman", r.confidenceDiceSpearman ? nlohmann::json(*r.confidenceDiceSpearman) : nlohmann::json(nullptr)}};
  if (o.json) return printJson(j);
  std::cout << std::fixed << std::setprecision(3) << o.predictor << " on " << axisName(axis) << " slices, "
            << o.selector << " " << o.budget << " %, accept at Dice " << o.acceptDice << "\n";
  for (size_t i = 0; i < r.rounds.size(); ++i)
    std::cout << "round " << i + 1 << ": drawn " << r.rounds[i].drawn << ", accepted " << r.rounds[i].accepted
              << ", corrected " << r.rounds[i].corrected << "\n";
  std::cout << "effort " << r.effortFraction << " of a full manual segmentation (" << r.labelledSlices
            << " labelled slices), final Dice " << r.finalDice << ", confidence-Dice Spearman "
            << (r.confidenceDiceSpearman ? std::to_string(*r.confidenceDiceSpearman) : std::string("n/a")) << "\n";
}

void setupSimulate(CLI::App& root) {
  auto o = std::make_shared<SimulateOptions>();
  CLI::App* cmd = root.add_subcommand("simulate", "Measure the annotation effort a selector and predictor leave, played from the truth");
  addImageOption(*cmd, o->image, "Image the truth belongs to");
  cmd->add_option("--truth", o->truth, "Full label map (the radiologist's answer)")->required();
  cmd->add_option("--selector", o->selector, "Slice selector (keep_n, random, kmeans, histogram, ssim, perceptual)");
  cmd->add_option("--budget", o->budget, "Slices drawn in round 1, percent")->check(CLI::Range(0.1, 100.0));
  cmd->add_option("--predictor", o->predictor, "Predictor filling the other slices")->required();
  addAxisOption(*cmd, o->axis);
  cmd->add_option("--accept-dice", o->acceptDice, "A predicted slice at or above this Dice is accepted as it is")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--rounds", o->rounds, "Rounds of predict, accept, correct")->check(CLI::Range(1, 100));
  cmd->add_option("--corrections-per-round", o->corrections, "Slices corrected per round (default: the keys drawn in round 1)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", o->seed, "Random seed (selectors and predictors that use one)");
  cmd->add_option("--device", o->device, "cpu or cuda[:N] (predictors that use one)");
  addNetworkOptions(*cmd, o->network);
  cmd->add_flag("--resample-labels", o->resample, "Resample --truth onto the image grid when the grids differ");
  cmd->add_flag("--json", o->json, "Machine-readable output on stdout");
  cmd->callback([o] { run(*o); });
}

SLICEWISE_CLI_COMMAND(140, setupSimulate)

}  // namespace
}  // namespace slicewise::cli
