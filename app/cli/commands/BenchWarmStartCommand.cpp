// slicewise-cli bench warmstart [--image IMG --labels LAB] [--members N] [--iterations I]
//   [--cohort-iterations C] [--threads T] [--width W] [--seed S] [--trainer PATH] [--json]
// What a cohort model's warm start buys a new volume. N randomly deformed copies of one labelled
// volume (default: the built-in sample CT at 128 x 128 x 64) stand for a cohort of one kind; the
// cohort model is trained on N - 1 of them (createCohortModelJob, then the trainer executable on
// the job folder, as the queue runs it); the held-out copy, at axial keep_n 12.5 %, is trained
// cold and warm (initial_weights = the cohort model) with budgets of I/16 ... I iterations, each
// its own one-cycle run as a user choosing that budget would get, and evaluated against its full
// labels on the slices that are not keys.
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "BenchSample.h"
#include "CliSupport.h"
#include "CommandRegistry.h"
#include "PredictorChoice.h"
#include "io/ImageIO.h"
#include "io/LabelMapLoader.h"
#include "jobs/CohortModelJob.h"
#include "jobs/TrainerLocator.h"
#include "metrics/SegmentationMetrics.h"
#include "predict/SparseLabels.h"
#include "sample/RandomDeformation.h"
#include "select/KeepNSelector.h"
#include "select/SliceBudget.h"

namespace slicewise::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A cold run's Dice counts as reached by another run within this much (one run's seed noise).
constexpr double kReachTolerance = 0.005;
constexpr double kBudgetPercent = 12.5;

struct BenchWarmStartOptions {
  std::string image, labels, trainer;
  int members = 4;
  int64_t iterations = 300;
  int64_t cohortIterations = 0;  // 0: as --iterations
  int threads = 0;
  int width = 16;
  uint64_t seed = 0;
  bool json = false;
};

struct Run {
  int64_t iterations = 0;
  double seconds = 0;  // training only
  double dice = 0;
  int initialTensors = 0;
};

// A scratch folder removed on every way out.
class ScratchFolder {
 public:
  ScratchFolder() : path_(fs::temp_directory_path() / ("slicewise-warmstart-" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void runTrainer(const fs::path& trainer, const fs::path& job, int threads) {
  std::vector<std::string> args{trainer.string(), job.string(), "--quiet", "--device", "cpu"};
  if (threads > 0) args.insert(args.end(), {"--threads", std::to_string(threads)});
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t child = ::fork();
  if (child < 0) throw CliFailure("cannot start the trainer");
  if (child == 0) {
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0)
    if (errno != EINTR) throw CliFailure("lost the trainer process");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw CliFailure("the trainer failed on the cohort model job '" + job.string() + "'");
}

Run train(UNetParameters parameters, int64_t iterations, const PredictionInput& base, const LabelVolume& truth,
          const SliceRestriction& rest) {
  parameters.iterations = iterations;
  const auto predictor = predictorByName("unet", parameters);
  PredictionInput input = base;
  const auto start = Clock::now();
  std::optional<Clock::time_point> trained;
  input.progress = [&](double done) {
    if (done >= 0.95 && !trained) trained = Clock::now();  // UNetPredictor: training is the first 95 %
    return true;
  };
  const Proposal p = predictor->predict(input);
  Run r;
  r.iterations = iterations;
  r.seconds = std::chrono::duration<double>(trained.value_or(Clock::now()) - start).count();
  r.dice = SegmentationMetrics::compare(truth, p.labels, rest).meanDice.value_or(0.0);
  const auto recorded = nlohmann::json::parse(p.parametersJson);
  r.initialTensors = recorded.value("initial_tensors", 0);
  return r;
}

// The first run of the ladder whose Dice reaches `target` (within the tolerance), if any.
const Run* reaching(const std::vector<Run>& ladder, double target) {
  for (const Run& r : ladder)
    if (r.dice >= target - kReachTolerance) return &r;
  return nullptr;
}

nlohmann::json toJson(const Run& r) {
  return {{"iterations", r.iterations}, {"training_seconds", r.seconds}, {"dice", r.dice}};
}

void run(const BenchWarmStartOptions& o) {
  if (o.image.empty() != o.labels.empty()) throw CliFailure("give --image and --labels together");
  auto [image, labels, volumeName] = loadBenchCase(o.image, o.labels);
  std::string reason;
  const auto trainer = TrainerLocator::find(o.trainer, &reason);
  if (!trainer) throw CliFailure(reason);

  // The cohort: member m is the volume under deformation seed + m + 1; the last one is held out.
  const auto deformation = [&](int m) {
    return RandomDeformation(image.geometry(), DeformationAmplitude{}, o.seed + uint64_t(m) + 1);
  };
  std::vector<CohortTrainingMember> members;
  for (int m = 0; m + 1 < o.members; ++m)
    members.push_back({[&, m] { return deformation(m).apply(image); }, [&, m] { return deformation(m).apply(labels); }});
  const Volume heldImage = deformation(o.members - 1).apply(image);
  const LabelVolume heldLabels = deformation(o.members - 1).apply(labels);

  const SliceAxis axis = SliceAxis::Axial;
  UNetParameters parameters;
  parameters.width = o.width;
  parameters.threads = o.threads;
  parameters.iterations = o.cohortIterations > 0 ? o.cohortIterations : o.iterations;
  ScratchFolder scratch;
  const fs::path cohortJob = scratch.path() / "cohort";
  std::cerr << "training the cohort model on " << members.size() << " deformed copies...\n";
  const auto cohortStart = Clock::now();
  const JobFolder job = createCohortModelJob(cohortJob, members, axis, parameters, o.seed);
  runTrainer(*trainer, cohortJob, o.threads);
  const double cohortSeconds = std::chrono::duration<double>(Clock::now() - cohortStart).count();
  const int64_t cohortKeys = int64_t(job.description().keySlices.size());

  const int64_t n = slicePlane(heldImage.geometry(), axis).count;
  const auto keys = KeepNSelector::evenlySpaced(n, budgetToCount(kBudgetPercent, n));
  const LabelVolume sparse = keepOnlySlices(heldLabels, axis, keys);
  const SliceRestriction rest{axis, SegmentationMetrics::otherSlices(n, keys)};
  PredictionInput input;
  input.image = &heldImage;
  input.labels = &sparse;
  input.axis = axis;
  input.keySlices = keys;
  input.seed = o.seed;
  input.device = "cpu";

  std::vector<int64_t> budgets;
  for (int64_t divisor : {16, 8, 4, 3, 2, 1}) budgets.push_back(std::max<int64_t>(1, o.iterations / divisor));
  UNetParameters warmParameters = parameters;
  warmParameters.initialWeights = job.weightsPath().string();
  std::vector<Run> cold, warm;
  for (int64_t iterations : budgets) {
    cold.push_back(train(parameters, iterations, input, heldLabels, rest));
    warm.push_back(train(warmParameters, iterations, input, heldLabels, rest));
    std::cerr << "held-out volume, " << iterations << " iterations: Dice cold " << cold.back().dice << ", warm "
              << warm.back().dice << "\n";
  }
  const Run& coldFinal = cold.back();
  const Run* coldReach = reaching(cold, coldFinal.dice);
  const Run* warmReach = reaching(warm, coldFinal.dice);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());

  if (o.json) {
    nlohmann::json ladder = nlohmann::json::array();
    for (size_t i = 0; i < budgets.size(); ++i) ladder.push_back({{"cold", toJson(cold[i])}, {"warm", toJson(warm[i])}});
    return printJson({{"volume", volumeName},
                      {"members", o.members},
                      {"cohort_keys", cohortKeys},
                      {"cohort_seconds", cohortSeconds},
                      {"budget_percent", kBudgetPercent},
                      {"keys", keys.size()},
                      {"width", o.width},
                      {"threads", o.threads},
                      {"cores", cores},
                      {"initial_tensors", warm.back().initialTensors},
                      {"ladder", ladder},
                      {"target_dice", coldFinal.dice},
                      {"cold_reaches", coldReach ? toJson(*coldReach) : nlohmann::json(nullptr)},
                      {"warm_reaches", warmReach ? toJson(*warmReach) : nlohmann::json(nullptr)}});
  }
  std::cout << "warm start on " << volumeName << ": " << o.members - 1 << " deformed copies train the cohort model ("
            << cohortKeys << " keys, " << parameters.iterations << " iterations, " << std::fixed
            << std::setprecision(0) << cohortSeconds << " s), the held-out copy trains at axial keep_n "
            << std::setprecision(1) << kBudgetPercent << " % (" << keys.size() << " keys); U-Net width " << o.width
            << ", threads " << (o.threads > 0 ? std::to_string(o.threads) : std::string("all")) << " of " << cores
            << " cores; the warm start copies " << warm.back().initialTensors << " tensors\n";
  std::cout << std::right << std::setw(10) << "iterations" << std::setw(12) << "cold Dice" << std::setw(10)
            << "cold s" << std::setw(12) << "warm Dice" << std::setw(10) << "warm s" << "\n";
  for (size_t i = 0; i < budgets.size(); ++i)
    std::cout << std::setw(10) << budgets[i] << std::setprecision(4) << std::setw(12) << cold[i].dice
              << std::setprecision(1) << std::setw(10) << cold[i].seconds << std::setprecision(4) << std::setw(12)
              << warm[i].dice << std::setprecision(1) << std::setw(10) << warm[i].seconds << "\n";
  const auto reach = [](const Run* r) {
    if (!r) return std::string("not reached");
    std::ostringstream out;
    out << r->iterations << " iterations, " << std::fixed << std::setprecision(1) << r->seconds << " s";
    return out.str();
  };
  std::cout << "to reach the cold start's final Dice " << std::setprecision(4) << coldFinal.dice << " (within "
            << kReachTolerance << "): cold " << reach(coldReach) << "; warm " << reach(warmReach) << "\n";
  std::cout << "same time budget (" << coldFinal.iterations << " iterations, " << std::setprecision(1)
            << coldFinal.seconds << " s cold, " << warm.back().seconds << " s warm): Dice cold "
            << std::setprecision(4) << coldFinal.dice << ", warm " << warm.back().dice << "\n";
}

void setupBenchWarmStart(CLI::App& root) {
  auto o = std::make_shared<BenchWarmStartOptions>();
  CLI::App& group = commandGroup(root, "bench", "Benchmarks printing timing tables");
  CLI::App* cmd = group.add_subcommand(
      "warmstart", "A cohort model's warm start against a cold start: iterations and time to the same Dice");
  cmd->add_option("--image", o->image, "Image (default: the built-in sample CT at 128x128x64)");
  cmd->add_option("--labels", o->labels, "Full label map of --image");
  cmd->add_option("--members", o->members, "Deformed copies in the cohort, one of them held out")
      ->default_val(4)
      ->check(CLI::Range(2, 64));
  cmd->add_option("--iterations", o->iterations, "The largest training budget of the held-out volume")
      ->default_val(300)
      ->check(CLI::Range(int64_t(16), int64_t(1000000)));
  cmd->add_option("--cohort-iterations", o->cohortIterations, "Iterations of the cohort model (default: --iterations)")
      ->check(CLI::Range(int64_t(1), int64_t(1000000)));
  cmd->add_option("--threads", o->threads, "CPU threads (default: every core)")->check(CLI::Range(1, 4096));
  cmd->add_option("--width", o->width, "U-Net channels at the first level")->default_val(16)->check(CLI::Range(1, 256));
  cmd->add_option("--seed", o->seed, "Random seed (deformations and training)");
  cmd->add_option("--trainer", o->trainer, "The trainer executable (default: $SLICEWISE_TRAINER, else beside this one)");
  cmd->add_flag("--json", o->json, "Machine-readable results on stdout");
  cmd->callback([o] { run(*o); });
}

SLICEWISE_CLI_COMMAND(98, setupBenchWarmStart)

}  // namespace
}  // namespace slicewise::cli
