// slicewise-cli evaluate --image IMG --truth LABELS [--image IMG2 --truth LABELS2 ...]
//   --selector keep_n[,ssim,...] --predictor nearest[,shape,...] [--budget 12.5,20,33,50]
//   [--axis A] [--seed N] [--device D] [--iterations N] [--resample-labels] [--json]
//   [--ensemble-of unet,shape] [--ensemble-tau MM]
// The paper's protocol: the selected slices of the truth are the keys, the predictor fills the
// rest, the metrics score the rest (and, for reference, the whole volume).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "NetworkOptions.h"
#include "PredictorChoice.h"
#include "SelectorChoice.h"
#include "metrics/SegmentationMetrics.h"
#include "select/SliceBudget.h"
#include "predict/SparseLabels.h"
#include "io/ImageIO.h"
#include "io/LabelMapLoader.h"

namespace slicewise::cli {
namespace {

using nlohmann::json;

struct EvaluateOptions {
  std::vector<std::string> images, truths;
  std::string selectors = "keep_n", predictors, budgets = "12.5,20,33,50", axis = "axial";
  std::string device = "auto";
  uint64_t seed = 0;
  bool json = false, resample = false;
  NetworkOptions network;
  EnsembleOptions ensemble;
};

json optionalNumber(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json scoreJson(const SegmentationScore& s) {
  json dice = json::object(), ahd = json::object(), hd95 = json::object();
  for (const LabelScore& l : s.labels) {
    const std::string id = std::to_string(l.label);
    dice[id] = l.dice;
    ahd[id] = optionalNumber(l.avgHausdorffMm);
    hd95[id] = optionalNumber(l.hd95Mm);
  }
  dice["mean"] = optionalNumber(s.meanDice);
  ahd["mean"] = optionalNumber(s.meanAvgHausdorffMm);
  hd95["mean"] = optionalNumber(s.meanHd95Mm);
  return {{"evaluated_slices", s.evaluatedSlices},
          {"dice", dice},
          {"avg_hausdorff_mm", ahd},
          {"hd95_mm", hd95},
          {"hausdorff_undefined", s.undefinedHausdorff}};
}

std::string budgetText(double b) {
  std::ostringstream os;
  os << b << "%";
  return os.str();
}

// Mean and sample standard deviation (0 for one value).
std::pair<double, double> meanSd(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m += x;
  m /= double(v.size());
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return {m, v.size() > 1 ? std::sqrt(ss / double(v.size() - 1)) : 0.0};
}

struct Cell {
  std::vector<double> dice, ahd;
  double seconds = 0;
};

void printTable(const std::vector<std::string>& rows, const std::vector<double>& budgets,
                std::map<std::pair<std::string, double>, Cell>& cells, size_t cases,
                bool hausdorff) {
  std::cout << (hausdorff ? "Average Hausdorff distance (mm)" : "Mean Dice") << ", non-key slices, "
            << cases << (cases == 1 ? " volume" : " volumes") << " (mean ± sd over volumes)\n";
  std::cout << std::left << std::setw(26) << "selector / predictor";
  for (double b : budgets) std::cout << std::right << std::setw(17) << budgetText(b);
  std::cout << "\n";
  for (const auto& row : rows) {
    std::cout << std::left << std::setw(26) << row;
    for (double b : budgets) {
      const Cell& c = cells[{row, b}];
      const auto& values = hausdorff ? c.ahd : c.dice;
      std::ostringstream cell;
      if (values.empty()) {
        cell << "n/a";
      } else {
        const auto [m, sd] = meanSd(values);
        cell << std::fixed << std::setprecision(hausdorff ? 2 : 3) << m << " ± " << sd;
      }
      std::cout << std::right << std::setw(18) << cell.str();
    }
    std::cout << "\n";
  }
}

// Prediction time per volume: training included for network predictors.
void printSeconds(const std::vector<std::string>& rows, const std::vector<double>& budgets,
                  std::map<std::pair<std::string, double>, Cell>& cells, size_t cases) {
  std::cout << "Seconds per volume (prediction, training included)\n";
  std::cout << std::left << std::setw(26) << "selector / predictor";
  for (double b : budgets) std::cout << std::right << std::setw(17) << budgetText(b);
  std::cout << "\n";
  for (const auto& row : rows) {
    std::cout << std::left << std::setw(26) << row;
    for (double b : budgets) {
      std::ostringstream cell;
      cell << std::fixed << std::setprecision(2) << cells[{row, b}].seconds / double(cases);
      std::cout << std::right << std::setw(17) << cell.str();
    }
    std::cout << "\n";
  }
}

void run(const EvaluateOptions& o) {
  if (o.images.size() != o.truths.size())
    throw CliFailure("give one --truth per --image (" + std::to_string(o.images.size()) +
                     " images, " + std::to_string(o.truths.size()) + " truths)");
  if (o.images.empty()) throw CliFailure("give at least one --image and --truth");
  const SliceAxis axis = axisFromOption(o.axis);
  const auto budgets = parseBudgetList(o.budgets);
  std::vector<std::unique_ptr<SliceSelector>> selectors;
  for (const auto& name : splitList(o.selectors)) selectors.push_back(selectorByName(name));
  std::vector<std::unique_ptr<SlicePredictor>> predictors;
  for (const auto& name : splitList(o.predictors))
    predictors.push_back(predictorByName(name, unetParameters(o.network), ensembleParameters(o.ensemble)));
  if (selectors.empty() || predictors.empty())
    throw CliFailure("give at least one --selector and one --predictor");
  for (const auto& sel : selectors)
    if (const std::string caveat = sel->caveat(); !caveat.empty()) warn(sel->name() + ": " + caveat);

  json results = json::array();
  std::map<std::pair<std::string, double>, Cell> cells;
  std::vector<std::string> rows;
  for (const auto& sel : selectors)
    for (const auto& pred : predictors) rows.push_back(sel->name() + " / " + pred->name());
  double diceSum = 0;
  int diceCount = 0;

  for (size_t c = 0; c < o.images.size(); ++c) {
    const Volume image = readImage(o.images[c]);
    std::vector<std::string> warnings;
    const LabelVolume truth = loadLabelMapFor(image.geometry(), o.truths[c], o.resample, &warnings);
    for (const auto& w : warnings) warn(w);
    const int64_t n = slicePlane(image.geometry(), axis).count;
    for (const auto& sel : selectors)
      for (double budget : budgets) {
        SelectionRequest request;
        request.axis = axis;
        request.count = budgetToCount(budget, n);
        request.seed = o.seed;
        std::vector<int64_t> keys = sel->select(image, request);
        std::sort(keys.begin(), keys.end());
        const LabelVolume sparse = keepOnlySlices(truth, axis, keys);
        const SliceRestriction nonKey{axis, SegmentationMetrics::otherSlices(n, keys)};
        for (const auto& pred : predictors) {
          PredictionInput input;
          input.labels = &sparse;
          input.image = &image;
          input.axis = axis;
          input.keySlices = keys;
          input.seed = o.seed;
          input.device = o.device;
          const auto start = std::chrono::steady_clock::now();
          const Proposal proposal = pred->predict(input);
          const double seconds =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          const SegmentationScore onRest = SegmentationMetrics::compare(truth, proposal.labels, nonKey);
          const SegmentationScore whole = SegmentationMetrics::compare(truth, proposal.labels);
          json entry = {{"case", c},
                        {"image", o.images[c]},
                        {"truth", o.truths[c]},
                        {"selector", sel->name()},
                        {"predictor", pred->name()},
                        {"budget", budget},
                        {"keys", keys},
                        {"seconds", seconds}};
          entry.update(scoreJson(onRest));
          entry["whole_volume"] = scoreJson(whole);
          results.push_back(entry);
          Cell& cell = cells[{sel->name() + " / " + pred->name(), budget}];
          if (onRest.meanDice) {
            cell.dice.push_back(*onRest.meanDice);
            diceSum += *onRest.meanDice;
            ++diceCount;
          }
          if (onRest.meanAvgHausdorffMm) cell.ahd.push_back(*onRest.meanAvgHausdorffMm);
          cell.seconds += seconds;
        }
      }
  }
  const json meanDice = diceCount ? json(diceSum / diceCount) : json(nullptr);
  if (o.json)
    return printJson({{"axis", axisName(axis)},
                      {"budgets", budgets},
                      {"results", results},
                      {"mean_dice", meanDice}});
  printTable(rows, budgets, cells, o.images.size(), false);
  std::cout << "\n";
  printTable(rows, budgets, cells, o.images.size(), true);
  std::cout << "\n";
  printSeconds(rows, budgets, cells, o.images.size());
  if (diceCount)
    std::cout << "\noverall mean Dice " << std::fixed << std::setprecision(4)
              << diceSum / diceCount << "\n";
}

void setupEvaluate(CLI::App& root) {
  auto o = std::make_shared<EvaluateOptions>();
  CLI::App* cmd = root.add_subcommand(
      "evaluate", "Score selectors and predictors on fully labelled volumes (the paper's protocol)");
  cmd->add_option("--image", o->images, "Image (repeat with --truth for several volumes)")
      ->required();
  cmd->add_option("--truth", o->truths, "Full label map of the preceding --image")->required();
  cmd->add_flag("--resample-labels", o->resample,
                "Resample each --truth onto its image grid (nearest neighbour) when the grids differ");
  cmd->add_option("--selector", o->selectors, "Selectors, comma separated")->default_val("keep_n");
  cmd->add_option("--predictor", o->predictors, "Predictors, comma separated")->required();
  cmd->add_option("--budget", o->budgets, "Budgets in percent, comma separated")
      ->default_val("12.5,20,33,50")
      ->check([](const std::string& v) {
        try {
          parseBudgetList(v);
          return std::string();
        } catch (const CliFailure& e) {
          return std::string(e.what());
        }
      });
  addAxisOption(*cmd, o->axis);
  cmd->add_option("--seed", o->seed, "Random seed for selectors and predictors");
  cmd->add_option("--device", o->device, "auto, cpu or cuda[:N] (predictors that use one)");
  addNetworkOptions(*cmd, o->network);
  addEnsembleOptions(*cmd, o->ensemble);
  cmd->add_flag("--json", o->json, "Machine-readable results on stdout");
  cmd->callback([o] { run(*o); });
}

SLICEWISE_CLI_COMMAND(55, setupEvaluate)

}  // namespace
}  // namespace slicewise::cli
