// slicewise-cli bench selectors [--selector LIST] [--size WxHxD] [--budget P] [--repeat N]
//   [--threads N] [--json]
// Times every selector on a synthetic brain-MRI-like volume of BraTS size (240 x 240 x 155)
// beside the paper's Table 1.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <nlohmann/json.hpp>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "SelectorChoice.h"
#include "select/SliceBudget.h"

namespace slicewise::cli {
namespace {

struct BenchOptions {
  std::string selectors = "keep_n,random,kmeans,histogram,ssim,perceptual", size = "240x240x155";
  double budget = 20;
  int repeat = 1, threads = 0;
  bool json = false;
};

// Seconds per BraTS19 volume in Payer et al. 2023, Table 1.
const std::map<std::string, double> kPaperSeconds{
    {"keep_n", 0.76}, {"kmeans", 7.3}, {"histogram", 1.8}, {"perceptual", 64}, {"ssim", 143}};

uint32_t hashNoise(uint64_t x) {
  x ^= x >> 33, x *= 0xff51afd7ed558ccdull, x ^= x >> 33, x *= 0xc4ceb9fe1a85ec53ull, x ^= x >> 33;
  return uint32_t(x);
}

// A T1-like head: skull shell, grey/white matter with folds, ventricles, a tumour with a ring,
// smooth bias field and Rician-ish noise; the anatomy changes along every axis.
Volume syntheticHead(const Index3& size) {
  ImageGeometry g;
  g.size = size;
  std::vector<int16_t> v(g.voxelCount());
  const double cx = 0.5 * double(size[0]), cy = 0.52 * double(size[1]), cz = 0.45 * double(size[2]);
  const double rx = 0.4 * double(size[0]), ry = 0.46 * double(size[1]), rz = 0.42 * double(size[2]);
  tbb::parallel_for(int64_t(0), size[2], [&](int64_t k) {
    for (int64_t j = 0; j < size[1]; ++j)
      for (int64_t i = 0; i < size[0]; ++i) {
        const double x = (double(i) - cx) / rx, y = (double(j) - cy) / ry, z = (double(k) - cz) / rz;
        const double r = std::sqrt(x * x + y * y + z * z);
        double value = 0;
        if (r < 1.0) {
          if (r > 0.92) {
            value = 250;  // skull
          } else {
            const double folds = std::sin(14 * x + 3 * z) * std::sin(12 * y - 2 * z) * std::cos(9 * z);
            value = r + 0.08 * folds > 0.7 ? 620 : 820;  // grey outside, white inside
            const double vx = x / 0.18, vy = (y + 0.05) / 0.35, vz = (z - 0.1) / 0.3;
            if (vx * vx + vy * vy + vz * vz < 1) value = 180;  // ventricles
            const double tx = (x - 0.35) / 0.22, ty = (y + 0.2) / 0.18, tz = (z - 0.25) / 0.25;
            const double t = tx * tx + ty * ty + tz * tz;
            if (t < 1) value = t > 0.6 ? 1100 : 400;  // enhancing ring, necrotic core
          }
          value *= 1.0 + 0.1 * x - 0.05 * z;  // bias field
        }
        const double noise = double(hashNoise(uint64_t(i) * 73856093u ^ uint64_t(j) * 19349663u ^
                                              uint64_t(k) * 83492791u) % 1000) / 1000.0 - 0.5;
        v[g.linearIndex(i, j, k)] = int16_t(std::max(0.0, value + 40 * noise));
      }
  });
  return Volume(g, std::move(v));
}

Index3 parseSize(const std::string& text) {
  Index3 s{};
  char x1 = 0, x2 = 0;
  std::istringstream in(text);
  if (!(in >> s[0] >> x1 >> s[1] >> x2 >> s[2]) || x1 != 'x' || x2 != 'x' || s[0] < 11 || s[1] < 11 || s[2] < 11)
    throw CliFailure("--size wants WxHxD with every side at least 11, got '" + text + "'");
  return s;
}

void run(const BenchOptions& o) {
  std::unique_ptr<tbb::global_control> limit;
  if (o.threads > 0)
    limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, size_t(o.threads));
  const Index3 size = parseSize(o.size);
  const Volume volume = syntheticHead(size);
  SelectionRequest request;
  request.count = budgetToCount(o.budget, size[2]);
  const int threads = o.threads > 0 ? o.threads : tbb::info::default_concurrency();
  const int64_t pairs = size[2] * (size[2] - 1) / 2;

  nlohmann::json rows = nlohmann::json::array();
  if (!o.json)
    std::cout << "selectors on a synthetic " << size[0] << "x" << size[1] << "x" << size[2]
              << " head, axial, " << request.count << " slices (" << o.budget << " %), "
              << threads << " threads, best of " << o.repeat << "\n"
              << std::left << std::setw(12) << "selector" << std::right << std::setw(12) << "seconds"
              << std::setw(14) << "paper (s)" << std::setw(12) << "speed-up" << "\n";
  for (const std::string& name : splitList(o.selectors)) {
    const auto selector = uncheckedSelectorByName(name);  // loads the ml module before timing
    double best = 1e300;
    for (int r = 0; r < std::max(1, o.repeat); ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      const auto slices = selector->select(volume, request);
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      if (int64_t(slices.size()) != request.count) throw CliFailure(name + " returned a wrong count");
    }
    const auto paper = kPaperSeconds.find(name);
    nlohmann::json row = {{"selector", name}, {"seconds", best}};
    if (paper != kPaperSeconds.end()) row["paper_seconds"] = paper->second, row["speedup"] = paper->second / best;
    if (name == "ssim") row["pairs"] = pairs;
    rows.push_back(row);
    if (o.json) continue;
    std::cout << std::left << std::setw(12) << name << std::right << std::fixed << std::setprecision(4)
              << std::setw(12) << best;
    if (paper != kPaperSeconds.end())
      std::cout << std::setprecision(2) << std::setw(14) << paper->second << std::setw(11)
                << std::setprecision(0) << paper->second / best << "x";
    else
      std::cout << std::setw(14) << "-" << std::setw(12) << "-";
    std::cout << "\n" << std::defaultfloat;
  }
  if (o.json)
    printJson({{"size", size}, {"count", request.count}, {"threads", threads}, {"selectors", rows}});
}

void setupBenchSelectors(CLI::App& root) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App& group = commandGroup(root, "bench", "Benchmarks printing timing tables");
  CLI::App* cmd = group.add_subcommand("selectors", "Time every selector beside the paper's Table 1");
  cmd->add_option("--selector", o->selectors, "Selectors, comma separated")
      ->default_val("keep_n,random,kmeans,histogram,ssim,perceptual");
  cmd->add_option("--size", o->size, "Volume size WxHxD (axial slices: D)")->default_val("240x240x155");
  cmd->add_option("--budget", o->budget, "Slices in percent")->default_val(20)->check(CLI::Range(0.1, 100.0));
  cmd->add_option("--repeat", o->repeat, "Runs per selector (the best counts)")
      ->default_val(1)
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--threads", o->threads, "Worker threads (0: all cores)")
      ->default_val(0)
      ->check(CLI::Range(0, 4096));
  cmd->add_flag("--json", o->json, "Machine-readable output on stdout");
  cmd->callback([o] { run(*o); });
}

SLICEWISE_CLI_COMMAND(96, setupBenchSelectors)

}  // namespace
}  // namespace slicewise::cli
