// slicewise-cli select IMAGE --selector NAME (--budget P | --count N) [--axis A] [--clusters K]
//   [--seed S] [--network FILE] [--study DIR] [--json]
// Picks the slices to annotate, in the order to annotate them, with advice on the axis.
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "AxisAdviceJson.h"
#include "CliSupport.h"
#include "CommandRegistry.h"
#include "SelectorChoice.h"
#include "select/SliceBudget.h"
#include "io/ImageIO.h"
#ifdef SLICEWISE_HAS_STUDY
#include "study/Study.h"
#endif

namespace slicewise::cli {
namespace {

struct SelectOptions {
  std::string image, selector = "keep_n", budget, axis = "axial", network, study;
  int64_t count = 0;
  int clusters = 0;
  uint64_t seed = 0;
  bool json = false, force = false;
};

// --network, else the user's $SLICEWISE_PERCEPTUAL_NETWORK; passed to the module as a parameter.
std::string perceptualNetwork(const SelectOptions& o) {
  if (!o.network.empty() && !std::filesystem::is_regular_file(o.network))
    throw CliFailure("network file not found: " + o.network);
  return perceptualNetworkFile(o.network);
}

void run(const SelectOptions& o) {
#ifdef SLICEWISE_HAS_STUDY
  std::unique_ptr<Study> study;
  if (!o.study.empty()) {
    if (!Study::isStudy(o.study))
      throw CliFailure(o.study + " is not a study (make one with: slicewise-cli study create)");
    try {
      study = Study::open(o.study, Study::Mode::ReadWrite, o.force);
    } catch (const StudyError& e) {
      throw CliFailure(e.what());
    }
  }
  const Volume volume = o.image.empty() && study ? study->loadImage() : readImage(o.image);
  if (study && !study->geometry().sameGrid(volume.geometry()))
    throw CliFailure("the image's grid differs from the study's (" + study->geometry().describe() + ")");
#else
  if (!o.study.empty()) throw CliFailure("this build has no study support");
  const Volume volume = readImage(o.image);
#endif
  const SliceAxis axis = axisFromOption(o.axis);
  const int64_t n = slicePlane(volume.geometry(), axis).count;

  SelectionRequest request;
  request.axis = axis;
  request.seed = o.seed;
  request.clusters = o.clusters;
  std::optional<double> percent;
  if (o.count > 0) {
    if (o.count > n)
      throw CliFailure("--count " + std::to_string(o.count) + " is more than the " +
                       std::to_string(n) + " " + std::string(axisName(axis)) + " slices");
    request.count = o.count;
  } else {
    percent = parseBudgetPercent(o.budget);
    request.count = budgetToCount(*percent, n);
  }

  const bool perceptual = o.selector == "perceptual";
  const std::string network = perceptual ? perceptualNetwork(o) : "";
  const auto selector = selectorByName(o.selector, network);
  const auto start = std::chrono::steady_clock::now();
  std::vector<int64_t> slices;
  try {
    slices = selector->select(volume, request);
  } catch (const std::invalid_argument& e) {
    throw CliFailure(e.what());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const AxisAdvice advice = AxisAdvice::forGeometry(volume.geometry());

  nlohmann::json j = {{"image", o.image.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.image)},
                      {"axis", std::string(axisName(axis))},
                      {"selector", selector->name()},
                      {"count", request.count},
                      {"slice_count", n},
                      {"budget_percent", percent ? nlohmann::json(*percent) : nlohmann::json(nullptr)},
                      {"seed", o.seed},
                      {"slices", slices},
                      {"seconds", seconds},
                      {"advice", axisAdviceJson(advice)}};
  if (selector->name() != "keep_n" && selector->name() != "random")
    j["clusters"] = o.clusters > 0 ? std::min<int64_t>(o.clusters, n) : std::min<int64_t>(15, request.count);
  if (perceptual) {
    j["uncalibrated"] = network.empty();
    j["network"] = network.empty() ? nlohmann::json(nullptr) : nlohmann::json(network);
  }
  if (perceptual && network.empty())
    warn("perceptual distances come from the built-in fixed-seed network: uncalibrated (give a "
         "TorchScript LPIPS feature network with --network FILE)");
  if (advice.recommended && *advice.recommended != axis)
    warn("advice: " + advice.reason);

#ifdef SLICEWISE_HAS_STUDY
  if (study) {
    study->editor().setWorklist(axis, slices);
    try {
      study->save("", "select " + selector->name() + ": " + std::to_string(slices.size()) + " " +
                          std::string(axisName(axis)) + " slices to annotate");
    } catch (const StudyError& e) {
      throw CliFailure(e.what());
    }
    j["study"] = o.study;
  }
#endif

  if (o.json) return printJson(j);
  std::cout << selector->name() << ": " << slices.size() << " of " << n << " " << axisName(axis)
            << " slices in " << seconds << " s, in the order to annotate them:\n";
  for (size_t r = 0; r < slices.size(); ++r) std::cout << (r ? " " : "  ") << slices[r];
  if (perceptual)
    std::cout << "\ndistances: " << (network.empty() ? "built-in fixed-seed network, UNCALIBRATED" : network);
  std::cout << "\naxis advice: " << advice.reason << "\n";
  if (!o.study.empty()) std::cout << "worklist written to " << o.study << "\n";
}

// CLI11's PositiveNumber would answer "Value 0 not in range 0 to 1.8e308" for 0.
CLI::Validator atLeastOne() {
  return CLI::Validator(
    [](const std::string& v) {
      try {
        size_t used = 0;
        if (std::stoll(v, &used) >= 1 && used == v.size()) return std::string();
      } catch (const std::exception&) {
      }
      return "expected a whole number of at least 1, got '" + v + "'";
    },
    "N >= 1");
}

void setupSelect(CLI::App& root) {
  auto o = std::make_shared<SelectOptions>();
  CLI::App* cmd = root.add_subcommand("select", "Choose the slices to annotate, in worklist order");
  addImageOption(*cmd, o->image, "Image to select slices from");
  cmd->add_option("--selector", o->selector, "random, keep_n, kmeans, histogram, ssim or perceptual")
      ->default_val("keep_n");
  auto* budget = cmd->add_option("--budget", o->budget, "Slices to annotate in percent (20 = 20%)")
                     ->check([](const std::string& v) {
                       return parseBudgetPercent(v) ? std::string() : "a percentage in (0, 100]";
                     });
  auto* count = cmd->add_option("--count", o->count, "Number of slices to annotate")
                    ->check(atLeastOne());
  budget->excludes(count);
  addAxisOption(*cmd, o->axis);
  cmd->add_option("--clusters", o->clusters, "Clusters for kmeans, histogram, ssim, perceptual (default min(15, budget))")
      ->check(atLeastOne());
  cmd->add_option("--seed", o->seed, "Random seed")->default_val(0);
  cmd->add_option("--network", o->network,
                  "TorchScript feature network for perceptual (default $SLICEWISE_PERCEPTUAL_NETWORK)");
  cmd->add_option("--study", o->study, "Study folder: write the worklist as to-annotate marks");
  cmd->add_flag("--json", o->json, "Machine-readable output on stdout");
  addForceLockOption(*cmd, o->force);
  cmd->callback([o] {
    if (o->image.empty() && o->study.empty()) throw CLI::RequiredError("IMAGE");
    if (o->budget.empty() && o->count == 0) throw CLI::RequiredError("--budget or --count");
    run(*o);
  });
}

SLICEWISE_CLI_COMMAND(40, setupSelect)

}  // namespace
}  // namespace slicewise::cli
