// slicewise-cli bench predictors [--predictor LIST] [--budget P] [--repeat N] [--threads N]
//   [--memory]
// Times the interpolating predictors on synthetic label volumes of the sizes, each with a
// synthetic image (label intensities plus noise) for the predictors that follow the image, and
// prints a table (seconds and CPU seconds: best of the repeats; Dice on the non-key slices as a
// sanity check).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <random>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "PredictorChoice.h"
#include "select/KeepNSelector.h"
#include "metrics/SegmentationMetrics.h"
#include "select/SliceBudget.h"
#include "predict/SparseLabels.h"

namespace slicewise::cli {
namespace {

struct BenchCase {
  std::string name;
  LabelVolume labels;
  Volume image;
};

// An image for a synthetic label volume, so that predictors which look at the image have
// something to follow: each label its own intensity (int16, 200..1000, background 50) plus
// Gaussian noise of 20, as a CT or MRI shows its structures.
Volume imageFor(const LabelVolume& labels, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> level(200.0, 1000.0);
  std::vector<double> levels(65536);
  levels[0] = 50.0;
  for (size_t l = 1; l < levels.size(); ++l) levels[l] = level(rng);
  const auto& g = labels.geometry();
  std::vector<int16_t> voxels(size_t(g.voxelCount()));
  const int64_t slice = g.size[0] * g.size[1];
  tbb::parallel_for(int64_t(0), g.size[2], [&](int64_t k) {
    std::mt19937 local(seed + uint32_t(k));
    std::normal_distribution<double> noise(0.0, 20.0);
    for (int64_t i = k * slice; i < (k + 1) * slice; ++i)
      voxels[size_t(i)] = int16_t(std::lround(levels[labels.data()[size_t(i)]] + noise(local)));
  });
  return Volume(g, std::move(voxels));
}

// Four organ-like ellipsoids whose centres and radii drift along z, on a CT-like grid.
BenchCase fourOrgans() {
  ImageGeometry g;
  g.size = {256, 256, 120};
  g.spacing = {1.5, 1.5, 2.5};
  LabelVolume v(g);
  struct Blob { double cx, cy, rx, ry, z0, z1, drift; };
  const Blob blobs[4] = {{90, 120, 55, 45, 10, 90, 0.3},
                         {175, 110, 30, 38, 25, 75, -0.2},
                         {100, 180, 22, 26, 40, 105, 0.15},
                         {165, 185, 20, 22, 35, 100, -0.1}};
  tbb::parallel_for(int64_t(0), g.size[2], [&](int64_t k) {
    for (int b = 0; b < 4; ++b) {
      const Blob& o = blobs[b];
      if (k < o.z0 || k > o.z1) continue;
      const double t = (double(k) - o.z0) / (o.z1 - o.z0);
      const double s = std::sqrt(std::max(0.0, 1.0 - (2 * t - 1) * (2 * t - 1)));
      const double cx = o.cx + o.drift * double(k), cy = o.cy - 0.5 * o.drift * double(k);
      for (int64_t j = 0; j < g.size[1]; ++j)
        for (int64_t i = 0; i < g.size[0]; ++i) {
          const double x = (double(i) - cx) / (o.rx * s + 1e-9), y = (double(j) - cy) / (o.ry * s + 1e-9);
          if (x * x + y * y <= 1.0) v.set(i, j, k, Label(b + 1));
        }
    }
  });
  Volume image = imageFor(v, 4);
  return {"256x256x120, 4 labels", std::move(v), std::move(image)};
}

// An atlas-like parcellation: a brain-sized ellipsoid on the MNI 1 mm grid cut into 116 regions
// (Voronoi cells of fixed random seeds), as many as the AAL atlas has.
BenchCase parcellation() {
  ImageGeometry g;
  g.size = {181, 217, 181};
  LabelVolume v(g);
  std::mt19937 rng(116);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  const double c[3] = {90, 108, 80}, r[3] = {70, 90, 65};
  std::vector<std::array<double, 3>> seeds;
  while (seeds.size() < 116) {
    const double x = unit(rng), y = unit(rng), z = unit(rng);
    if (x * x + y * y + z * z <= 1.0) seeds.push_back({c[0] + x * r[0], c[1] + y * r[1], c[2] + z * r[2]});
  }
  tbb::parallel_for(int64_t(0), g.size[2], [&](int64_t k) {
    for (int64_t j = 0; j < g.size[1]; ++j)
      for (int64_t i = 0; i < g.size[0]; ++i) {
        const double x = (double(i) - c[0]) / r[0], y = (double(j) - c[1]) / r[1],
                     z = (double(k) - c[2]) / r[2];
        if (x * x + y * y + z * z > 1.0) continue;
        double best = 1e300;
        size_t label = 0;
        for (size_t s = 0; s < seeds.size(); ++s) {
          const double dx = double(i) - seeds[s][0], dy = double(j) - seeds[s][1],
                       dz = double(k) - seeds[s][2];
          const double d = dx * dx + dy * dy + dz * dz;
          if (d < best) {
            best = d;
            label = s + 1;
          }
        }
        v.set(i, j, k, Label(label));
      }
  });
  Volume image = imageFor(v, 116);
  return {"181x217x181, 116 labels", std::move(v), std::move(image)};
}

struct BenchOptions {
  std::string predictors = "nearest,shape,shape-linear,morph,guided";
  double budget = 20;
  int repeat = 3, threads = 0;
  bool memory = false;
};

// Resident memory from /proc/self/status ("VmRSS" now, "VmHWM" the peak), in MB.
double statusMb(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind(field + ":", 0) == 0) return std::stod(line.substr(field.size() + 1)) / 1024.0;
  return 0.0;
}

// CPU time of the whole process, all threads: on a shared machine the wall time of a parallel
// run depends on what else runs, its CPU time much less.
double processCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

// Lets the next VmHWM reading start from the current resident size (Linux >= 4.0).
void resetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }

// 512x512x1000 with two keys 999 slices apart: the predictors' working memory beyond the
// input and the proposal must stay a few slices. Peak resident memory only grows, so each
// predictor's extra is measured over the peak before it ran (the first run pays for the proposal).
void memoryRun(const std::vector<std::unique_ptr<SlicePredictor>>& predictors) {
  ImageGeometry g;
  g.size = {512, 512, 1000};
  LabelVolume input(g);
  const std::vector<int64_t> keys{0, 999};
  for (int64_t k : keys)
    for (int64_t j = 100; j < 400; ++j)
      for (int64_t i = 100; i < 400; ++i) input.set(i, j, k, i < 250 ? 1 : 2);
  // The structure runs through every slice in the image, which predictors that look at it follow.
  Volume image;
  {
    LabelVolume full(g);
    for (int64_t k = 0; k < g.size[2]; ++k)
      for (int64_t j = 100; j < 400; ++j)
        for (int64_t i = 100; i < 400; ++i) full.set(i, j, k, i < 250 ? 1 : 2);
    image = imageFor(full, 1000);
  }
  const double volumeMb = double(g.voxelCount() * sizeof(Label)) / 1048576.0;
  const double sliceMb = double(g.size[0] * g.size[1] * sizeof(float)) / 1048576.0;
  std::cout << "\nMemory: 512x512x1000, 2 labels, keys 0 and 999 (label volume " << std::fixed
            << std::setprecision(0) << volumeMb << " MB, one float slice " << std::setprecision(1)
            << sliceMb << " MB)\n";
  std::cout << std::left << std::setw(15) << "predictor" << std::right << std::setw(12) << "seconds"
            << std::setw(26) << "peak growth beyond output" << "\n";
  for (const auto& p : predictors) {
    PredictionInput in;
    in.labels = &input;
    in.image = &image;
    in.keySlices = keys;
    resetPeak();
    const double before = statusMb("VmRSS");
    const auto t0 = std::chrono::steady_clock::now();
    Proposal out = p->predict(in);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    // The proposal's own label volume is the output, not working memory.
    const double growth = std::max(0.0, statusMb("VmHWM") - before - volumeMb);
    std::cout << std::left << std::setw(15) << p->name() << std::right << std::setw(12)
              << std::setprecision(3) << seconds << std::setw(23) << std::setprecision(1)
              << growth << " MB\n";
  }
}

void run(const BenchOptions& o) {
  std::unique_ptr<tbb::global_control> limit;
  if (o.threads > 0)
    limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                  size_t(o.threads));
  std::vector<std::unique_ptr<SlicePredictor>> predictors;
  for (const auto& name : splitList(o.predictors)) predictors.push_back(predictorByName(name));
  if (o.memory) return memoryRun(predictors);
  std::cerr << "generating synthetic volumes...\n";
  std::vector<BenchCase> cases;
  cases.push_back(fourOrgans());
  cases.push_back(parcellation());
  std::cout << "Interpolating predictors, axial, keep_n " << o.budget << " %, best of " << o.repeat
            << " runs, " << (o.threads > 0 ? std::to_string(o.threads) : std::string("all"))
            << " threads\n";
  std::cout << std::left << std::setw(26) << "volume" << std::setw(15) << "predictor"
            << std::right << std::setw(7) << "keys" << std::setw(12) << "seconds"
            << std::setw(12) << "CPU s" << std::setw(16) << "Dice non-key" << "\n";
  for (const BenchCase& c : cases) {
    const int64_t n = slicePlane(c.labels.geometry(), SliceAxis::Axial).count;
    const auto keys = KeepNSelector::evenlySpaced(n, budgetToCount(o.budget, n));
    const LabelVolume sparse = keepOnlySlices(c.labels, SliceAxis::Axial, keys);
    for (const auto& p : predictors) {
      PredictionInput in;
      in.labels = &sparse;
      in.image = &c.image;
      in.keySlices = keys;
      double best = 1e300, bestCpu = 1e300;
      Proposal out;
      for (int r = 0; r < std::max(1, o.repeat); ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        const double cpu0 = processCpuSeconds();
        out = p->predict(in);
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        bestCpu = std::min(bestCpu, processCpuSeconds() - cpu0);
      }
      const auto score = SegmentationMetrics::compare(
          c.labels, out.labels,
          SliceRestriction{SliceAxis::Axial, SegmentationMetrics::otherSlices(n, keys)});
      std::cout << std::left << std::setw(26) << c.name << std::setw(15) << p->name() << std::right
                << std::setw(7) << keys.size() << std::setw(12) << std::fixed
                << std::setprecision(3) << best << std::setw(12) << bestCpu << std::setw(16)
                << std::setprecision(4) << score.meanDice.value_or(0.0) << "\n";
    }
  }
}

void setupBenchPredictors(CLI::App& root) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App& group = commandGroup(root, "bench", "Benchmarks printing timing tables");
  CLI::App* cmd = group.add_subcommand("predictors", "Time the interpolating predictors");
  cmd->add_option("--predictor", o->predictors, "Predictors, comma separated")
      ->default_val("nearest,shape,shape-linear,morph,guided");
  cmd->add_option("--budget", o->budget, "Key slices in percent")
      ->default_val(20)
      ->check(CLI::Range(0.1, 100.0));
  cmd->add_option("--repeat", o->repeat, "Runs per predictor (the best counts)")
      ->default_val(3)
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--threads", o->threads, "Worker threads (0: all cores)")
      ->default_val(0)
      ->check(CLI::Range(0, 4096));
  cmd->add_flag("--memory", o->memory,
                "Instead, predict a 512x512x1000 volume and report the working memory (~1.1 GB)");
  cmd->callback([o] { run(*o); });
}

SLICEWISE_CLI_COMMAND(95, setupBenchPredictors)

}  // namespace
}  // namespace slicewise::cli
