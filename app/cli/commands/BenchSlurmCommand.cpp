// slicewise-cli bench slurm [--jobs 20] [--iterations 5] [--partition P] [--gres G] [--jobs-root DIR]
//   [--trainer PATH] [--json]
// What Slurm adds to small training jobs on the cluster SLURM_CONF names: submission-to-start
// latency and the total time for N tiny jobs (a 24 x 20 x 12 volume, a two-level network),
// submitted as one job array and one sbatch each, through the queue's Slurm runner; and the same
// jobs run one after the other by the local runner, for comparison.
#if SLICEWISE_HAS_QUEUE
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>
#include <unistd.h>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "jobs/JobFolder.h"
#include "jobs/TrainerLocator.h"
#include "queue/LocalProcessRunner.h"
#include "queue/SlurmRunner.h"

namespace slicewise::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct BenchSlurmOptions {
  std::string partition, gres, jobsRoot, trainer;
  int jobs = 20, iterations = 5;
  bool json = false;
};

struct ModeResult {
  std::string mode;
  int jobs = 0, succeeded = 0;
  double submitSeconds = 0;                  // all sbatch calls
  double firstStart = 0, medianStart = 0, maxStart = 0;  // submission to RUNNING, seconds
  double total = 0;                          // first sbatch to the last job's end
};

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// A disc drifting through 12 slices, keys 1, 4, 7, 10: a job that trains in about a second.
void writeTinyJob(const fs::path& folder, int iterations) {
  ImageGeometry g;
  g.size = {24, 20, 12};
  g.spacing = {1.5, 1.5, 3};
  std::vector<int16_t> v(g.voxelCount());
  LabelVolume labels(g);
  for (int64_t k = 0; k < 12; ++k)
    for (int64_t j = 0; j < 20; ++j)
      for (int64_t i = 0; i < 24; ++i) {
        const bool inside = std::hypot(double(i) - 9 - 0.5 * double(k), double(j) - 10) < 5;
        v[size_t(g.linearIndex(i, j, k))] = int16_t(inside ? 300 : 50);
        if (inside && k % 3 == 1) labels.set(i, j, k, 2);
      }
  JobDescription job;
  job.geometry = g;
  job.imagePixelType = PixelType::Int16;
  job.keySlices = {1, 4, 7, 10};
  job.keyState = "bench";
  job.device = "cpu";
  job.parameters.levels = 2;
  job.parameters.width = 4;
  job.parameters.batch = 2;
  job.parameters.augment = false;
  job.parameters.iterations = iterations;
  job.parameters.threads = 1;
  JobFolder::create(folder, job, Volume(g, std::move(v)), labels);
}

enum class Mode { Array, OneByOne, Local };

ModeResult runMode(const BenchSlurmOptions& o, const fs::path& trainer, const fs::path& root, Mode mode) {
  ModeResult r;
  const bool array = mode == Mode::Array;
  r.mode = array ? "one job array" : mode == Mode::OneByOne ? "one sbatch each" : "local, one at a time";
  r.jobs = o.jobs;
  const fs::path folder = root / (array ? "array" : mode == Mode::OneByOne ? "single" : "local");
  fs::create_directories(folder);
  std::vector<TrainingRequest> requests;
  for (int i = 0; i < o.jobs; ++i) {
    TrainingRequest q;
    q.queueJobId = i + 1;
    q.jobFolder = folder / ("job-" + std::to_string(i + 1));
    q.threads = 1;
    q.device = "cpu";
    q.iterations = o.iterations;
    writeTinyJob(q.jobFolder, o.iterations);
    requests.push_back(q);
  }
  if (mode == Mode::Local) {
    // The workstation's way, for comparison: one trainer after the other, no scheduler.
    LocalProcessRunner local(trainer);
    std::vector<double> latency;
    const auto t0 = Clock::now();
    for (const auto& q : requests) {
      latency.push_back(seconds(Clock::now() - t0));
      auto running = local.start(q);
      std::optional<TrainingExit> exit;
      while (!(exit = running->poll())) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      if (exit->succeeded()) ++r.succeeded;
    }
    r.total = seconds(Clock::now() - t0);
    r.firstStart = latency.front();
    r.medianStart = latency[latency.size() / 2];
    r.maxStart = latency.back();
    return r;
  }
  SlurmRunnerOptions s;
  s.trainer = trainer;
  s.partition = o.partition;
  s.gres = o.gres;
  s.arrays = array;
  s.pollSeconds = 0.1;
  s.secondsPerIteration = 1;
  SlurmRunner runner(s);
  std::vector<std::unique_ptr<RunningTraining>> running;
  std::vector<Clock::time_point> submitted;
  const auto t0 = Clock::now();
  if (array) {
    running = runner.startMany(requests);
    submitted.assign(running.size(), Clock::now());
  } else {
    for (const auto& q : requests) {
      running.push_back(runner.start(q));
      submitted.push_back(Clock::now());
    }
  }
  r.submitSeconds = seconds(Clock::now() - t0);
  std::vector<std::optional<Clock::time_point>> started(running.size()), ended(running.size());
  const auto deadline = Clock::now() + std::chrono::minutes(20);
  while (Clock::now() < deadline) {
    bool all = true;
    for (size_t i = 0; i < running.size(); ++i) {
      if (ended[i]) continue;
      const auto exit = running[i]->poll();
      const auto now = Clock::now();
      if (!started[i] && (exit || running[i]->schedulerState().rfind("RUNNING", 0) == 0 ||
                          running[i]->schedulerState().rfind("COMPLETING", 0) == 0))
        started[i] = now;
      if (exit) {
        ended[i] = now;
        if (exit->succeeded()) ++r.succeeded;
      } else {
        all = false;
      }
    }
    if (all) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::vector<double> latency;
  Clock::time_point last = t0;
  for (size_t i = 0; i < running.size(); ++i) {
    if (started[i]) latency.push_back(seconds(*started[i] - submitted[i]));
    if (ended[i]) last = std::max(last, *ended[i]);
  }
  std::sort(latency.begin(), latency.end());
  if (!latency.empty()) {
    r.firstStart = latency.front();
    r.medianStart = latency[latency.size() / 2];
    r.maxStart = latency.back();
  }
  r.total = seconds(last - t0);
  for (auto& t : running)
    if (!t->poll()) t->stop(std::chrono::milliseconds(0));
  return r;
}

void run(const BenchSlurmOptions& o) {
  std::string reason;
  const auto trainer = TrainerLocator::find(o.trainer, &reason);
  if (!trainer) throw CliFailure(reason);
  fs::path root;
  if (!o.jobsRoot.empty()) {
    root = fs::absolute(o.jobsRoot) / ("bench-slurm-" + std::to_string(::getpid()));
  } else {
    root = fs::temp_directory_path() / ("slicewise-bench-slurm-" + std::to_string(::getpid()));
  }
  std::vector<ModeResult> results;
  try {
    SlurmRunnerOptions probe;
    SlurmRunner(probe).checkReachable();
    fs::create_directories(root);
    results.push_back(runMode(o, fs::absolute(*trainer), root, Mode::Array));
    results.push_back(runMode(o, fs::absolute(*trainer), root, Mode::OneByOne));
    results.push_back(runMode(o, fs::absolute(*trainer), root, Mode::Local));
  } catch (const std::exception& e) {
    std::error_code ec;
    fs::remove_all(root, ec);
    throw CliFailure(e.what());
  }
  std::error_code ec;
  fs::remove_all(root, ec);
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : results)
      out.push_back({{"mode", r.mode}, {"jobs", r.jobs}, {"succeeded", r.succeeded},
                     {"submit_seconds", r.submitSeconds}, {"first_start_seconds", r.firstStart},
                     {"median_start_seconds", r.medianStart}, {"max_start_seconds", r.maxStart},
                     {"total_seconds", r.total}});
    return printJson({{"iterations", o.iterations}, {"results", out}});
  }
  std::cout << o.jobs << " jobs of " << o.iterations << " iterations (24 x 20 x 12, two-level network, 1 CPU each)\n";
  std::cout << std::left << std::setw(22) << "submission" << std::right << std::setw(8) << "ok" << std::setw(11)
            << "sbatch s" << std::setw(13) << "first start" << std::setw(14) << "median start" << std::setw(11)
            << "max start" << std::setw(9) << "total" << "\n";
  std::cout << std::fixed << std::setprecision(2);
  for (const auto& r : results)
    std::cout << std::left << std::setw(22) << r.mode << std::right << std::setw(8)
              << (std::to_string(r.succeeded) + "/" + std::to_string(r.jobs)) << std::setw(11) << r.submitSeconds
              << std::setw(13) << r.firstStart << std::setw(14) << r.medianStart << std::setw(11) << r.maxStart
              << std::setw(9) << r.total << "\n";
  std::cout << "(seconds; start: from its submission until squeue shows it RUNNING, locally until its trainer "
               "starts; total: from the first submission until the last job ended)\n";
}

void setupBenchSlurm(CLI::App& root) {
  auto o = std::make_shared<BenchSlurmOptions>();
  CLI::App& group = commandGroup(root, "bench", "Benchmarks printing timing tables");
  CLI::App* cmd = group.add_subcommand(
      "slurm", "Slurm's start latency and total time for small training jobs, as an array and one by one");
  cmd->add_option("--jobs", o->jobs, "How many jobs (default 20)")->check(CLI::Range(1, 1000));
  cmd->add_option("--iterations", o->iterations, "Iterations per job (default 5)")->check(CLI::Range(1, 100000));
  cmd->add_option("--partition", o->partition, "Slurm partition (default: the cluster's default)");
  cmd->add_option("--gres", o->gres, "Slurm generic resources per job, e.g. gpu:1");
  cmd->add_option("--jobs-root", o->jobsRoot, "Folder every node sees for the job folders (default: a temporary folder)");
  cmd->add_option("--trainer", o->trainer,
                  "Trainer executable (default $SLICEWISE_TRAINER, else slicewise-train beside this program)");
  cmd->add_flag("--json", o->json, "Machine-readable result on stdout");
  cmd->callback([o] { run(*o); });
}

SLICEWISE_CLI_COMMAND(98, setupBenchSlurm)

}  // namespace
}  // namespace slicewise::cli
#endif
