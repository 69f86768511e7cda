// slicewise-train JOBDIR [--device auto|cpu|cuda[:N]] [--threads N] [--quiet]
// Trains the job folder's network and writes its proposal (engine/jobs/README.md). Killed, it
// resumes from its last checkpoint when run again; SIGTERM or SIGINT stop it after the current
// iteration with a checkpoint. Exit 0 when the proposal is written (or was already), 1 with one
// line on stderr when it failed or was stopped, 2 for bad usage.
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <new>
#include <string>

#include "ml/JobRunner.h"

namespace {

std::atomic<bool> stopRequested{false};

extern "C" void requestStop(int) { stopRequested.store(true); }

constexpr const char* kUsage =
    "usage: slicewise-train JOBDIR [--device auto|cpu|cuda[:N]] [--threads N] [--quiet]\n"
    "Trains the job folder's network from its key slices and writes the proposal into it.\n"
    "  --device D    where to train (default: the job's, normally auto = CUDA when available)\n"
    "  --threads N   CPU threads (default: the job's, normally every core)\n"
    "  --quiet       no progress lines on stderr (progress.json is written regardless)\n";

int usage(const std::string& problem) {
  std::cerr << "slicewise-train: " << problem << "\n" << kUsage;
  return 2;
}

std::string duration(double seconds) {
  char out[32];
  if (seconds < 120) std::snprintf(out, sizeof(out), "%.0f s", seconds);
  else std::snprintf(out, sizeof(out), "%.1f min", seconds / 60);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string folder;
  slicewise::JobRunner::Options options;
  bool quiet = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "--version") {
      std::cout << "slicewise-train 0.1.0\n";
      return 0;
    }
    if (arg == "--quiet") {
      quiet = true;
    } else if (arg == "--device" || arg == "--threads") {
      if (i + 1 >= argc) return usage(arg + " needs a value");
      const std::string value = argv[++i];
      if (arg == "--device") {
        options.device = value;
      } else {
        try {
          size_t used = 0;
          options.threads = std::stoi(value, &used);
          if (used != value.size() || options.threads < 1) throw std::invalid_argument(value);
        } catch (const std::exception&) {
          return usage("--threads needs a whole number of at least 1, not '" + value + "'");
        }
      }
    } else if (!arg.empty() && arg[0] == '-') {
      return usage("unknown option " + arg);
    } else if (folder.empty()) {
      folder = arg;
    } else {
      return usage("one job folder at a time");
    }
  }
  if (folder.empty()) return usage("give the job folder");

  std::signal(SIGTERM, requestStop);
  std::signal(SIGINT, requestStop);
  options.stop = &stopRequested;
  auto lastLine = std::chrono::steady_clock::now() - std::chrono::hours(1);
  int64_t lastCheckpoint = 0;
  options.onProgress = [&](const slicewise::TrainingProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    const bool checkpoint = p.checkpointIteration != lastCheckpoint;
    lastCheckpoint = p.checkpointIteration;
    if (quiet || p.state != slicewise::TrainingProgress::State::Training) return;
    if (!checkpoint && std::chrono::duration<double>(now - lastLine).count() < 10) return;
    lastLine = now;
    char line[256];
    std::snprintf(line, sizeof(line), "iteration %lld/%lld  loss %.4f  %.2f it/s  ETA %s  %s%s",
                  static_cast<long long>(p.iteration), static_cast<long long>(p.iterations), p.loss,
                  p.iterationsPerSecond, p.etaSeconds ? duration(*p.etaSeconds).c_str() : "?", p.device.c_str(),
                  checkpoint ? ("  checkpoint at " + std::to_string(p.checkpointIteration)).c_str() : "");
    std::cerr << line << std::endl;
  };

  try {
    switch (slicewise::JobRunner::run(folder, options)) {
      case slicewise::JobRunner::Result::AlreadyFinished:
        if (!quiet) std::cerr << "slicewise-train: " << folder << " is finished already\n";
        return 0;
      case slicewise::JobRunner::Result::Stopped:
        std::cerr << "slicewise-train: stopped; run it again to resume from the checkpoint\n";
        return 1;
      case slicewise::JobRunner::Result::Finished:
        if (!quiet) std::cerr << "slicewise-train: proposal written to " << folder << "\n";
        return 0;
    }
  } catch (const std::bad_alloc&) {
    std::cerr << "slicewise-train: error: out of memory\n";
  } catch (const std::exception& e) {
    std::cerr << "slicewise-train: error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "slicewise-train: error: unexpected failure\n";
  }
  return 1;
}
