// slicewise-cli bench study [--size X,Y,Z] [--repeat N] [--dir DIR]
// Autosave cost of a one-slice edit: storage slices written, bytes written (write(2) bytes from
// /proc/self/io and WAL growth) and time from snapshot to commit, against a full save.
#if SLICEWISE_HAS_STUDY
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <thread>
#include <unistd.h>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "study/Autosaver.h"
#include "study/Study.h"

namespace fs = std::filesystem;

namespace slicewise::cli {
namespace {

struct StudyBenchOptions {
  std::string size = "512,512,300", dir;
  int repeat = 20;
};

// Bytes this process handed to write(2)/pwrite(2) so far ("wchar"): SQLite's WAL and database
// writes, whatever the filesystem underneath does with them.
uint64_t bytesWritten() {
  std::ifstream in("/proc/self/io");
  std::string key;
  uint64_t value = 0;
  while (in >> key >> value)
    if (key == "wchar:") return value;
  return 0;
}

uint64_t fileSize(const fs::path& p) {
  std::error_code ec;
  const auto s = fs::file_size(p, ec);
  return ec ? 0 : s;
}

// An organ-like ellipsoid per label, so slices hold realistic, compressible label runs.
void paintPhantom(LabelVolume& labels) {
  const ImageGeometry& g = labels.geometry();
  const double cx = g.size[0] / 2.0, cy = g.size[1] / 2.0, cz = g.size[2] / 2.0;
  for (int64_t k = 0; k < g.size[2]; ++k)
    for (int64_t j = 0; j < g.size[1]; ++j)
      for (int64_t i = 0; i < g.size[0]; ++i) {
        const double x = (i - cx) / cx, y = (j - cy) / cy, z = (k - cz) / cz;
        const double r = x * x + y * y + 0.5 * z * z;
        if (r < 0.6) labels.set(i, j, k, Label(1 + int(r * 6.0)));
      }
}

void brushDisk(Study& study, int64_t k, int64_t radius, Label value) {
  const ImageGeometry& g = study.geometry();
  const int64_t ci = g.size[0] / 3, cj = g.size[1] / 3;
  for (int64_t j = cj - radius; j <= cj + radius; ++j)
    for (int64_t i = ci - radius; i <= ci + radius; ++i)
      if ((i - ci) * (i - ci) + (j - cj) * (j - cj) <= radius * radius && g.contains(i, j, k)) {
        study.labels().set(i, j, k, value);
        study.provenance().set(g.linearIndex(i, j, k), VoxelOrigin::Drawn);
      }
  study.markRegionChanged({ci - radius, cj - radius, k}, {ci + radius, cj + radius, k});
}

void run(const StudyBenchOptions& o) {
  const std::vector<int64_t> size = parseSliceList(o.size);
  if (size.size() != 3 || std::any_of(size.begin(), size.end(), [](int64_t s) { return s < 1; }))
    throw CliFailure("--size wants three positive numbers, e.g. 512,512,300");
  fs::path root = o.dir.empty() ? fs::temp_directory_path() / ("slicewise-bench-study-" + std::to_string(getpid()))
                                : fs::path(o.dir);
  fs::create_directories(root);
  const fs::path mhd = root / "image.mhd", studyDir = root / "bench.study";
  fs::remove_all(studyDir);
  {
    std::ofstream h(mhd);
    h << "ObjectType = Image\nNDims = 3\nDimSize = " << size[0] << " " << size[1] << " " << size[2]
      << "\nElementType = MET_UCHAR\nElementSpacing = 0.8 0.8 1.5\nElementDataFile = image.raw\n";
    std::ofstream r(root / "image.raw", std::ios::binary);
    const std::vector<char> plane(size_t(size[0] * size[1]), 0);
    for (int64_t k = 0; k < size[2]; ++k) r.write(plane.data(), std::streamsize(plane.size()));
  }
  using Clock = std::chrono::steady_clock;
  const auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
  auto t0 = Clock::now();
  auto study = Study::create(studyDir.string(), mhd.string());
  const double createMs = ms(Clock::now() - t0);
  paintPhantom(study->labels());
  study->markAllChanged();
  const fs::path wal = studyDir / "study.sqlite-wal";
  uint64_t w0 = bytesWritten();
  t0 = Clock::now();
  study->save("bench", "full save");
  const double fullMs = ms(Clock::now() - t0);
  const uint64_t fullBytes = bytesWritten() - w0;

  Autosaver autosaver(*study, std::chrono::milliseconds(0), "bench");
  std::vector<double> times, snapTimes;
  std::vector<uint64_t> bytes, walGrowth;
  size_t slicesWritten = 0;
  for (int r = 0; r < o.repeat; ++r) {
    const int64_t k = (size[2] / 2 + 7 * r) % size[2];
    brushDisk(*study, k, std::max<int64_t>(4, size[0] / 20), Label(3 + r % 4));
    autosaver.noteEdit();
    const uint64_t walBefore = fileSize(wal);
    w0 = bytesWritten();
    t0 = Clock::now();
    if (!autosaver.tick()) throw CliFailure("the autosaver did not start a save");
    snapTimes.push_back(ms(Clock::now() - t0));
    while (autosaver.busy()) std::this_thread::sleep_for(std::chrono::microseconds(200));
    const auto result = autosaver.takeResult();
    if (!result || !result->ok) throw CliFailure("autosave failed: " + (result ? result->error : "no result"));
    times.push_back(result->milliseconds);
    bytes.push_back(bytesWritten() - w0);
    const uint64_t walAfter = fileSize(wal);
    walGrowth.push_back(walAfter >= walBefore ? walAfter - walBefore : 0);
    slicesWritten = std::max(slicesWritten, result->slices);
  }
  const auto median = [](auto v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double sliceRaw = double(size[0] * size[1]) * 3.0;  // uint16 label + uint8 provenance
  // SQLite folds the WAL back into the database every ~1000 pages (auto-checkpoint), inside the
  // commit that crosses the mark: those runs write the accumulated pages once more.
  std::vector<uint64_t> plain, folded;
  for (uint64_t b : bytes) (double(b) > sliceRaw ? folded : plain).push_back(b);
  std::cout << "study " << size[0] << "x" << size[1] << "x" << size[2] << " (" << study->folder() << ")\n"
            << std::fixed << std::setprecision(1)
            << "create (image hash + schema)      " << createMs << " ms\n"
            << "full save, " << size[2] << " slices           " << fullMs << " ms, "
            << fullBytes / 1024 << " KiB written\n"
            << "autosave of a one-slice edit, " << o.repeat << " runs (storage slices written per save: "
            << slicesWritten << ")\n"
            << "                                  median     max\n"
            << std::setprecision(2)
            << "  snapshot on the editing thread  " << std::setw(6) << median(snapTimes) << " ms  "
            << std::setw(6) << *std::max_element(snapTimes.begin(), snapTimes.end()) << " ms\n"
            << "  snapshot to commit (writer)     " << std::setw(6) << median(times) << " ms  "
            << std::setw(6) << *std::max_element(times.begin(), times.end()) << " ms\n";
  if (!plain.empty())
    std::cout << "  bytes written (write calls)     " << std::setw(6) << median(plain) / 1024.0 << " KiB "
              << std::setw(6) << *std::max_element(plain.begin(), plain.end()) / 1024.0
              << " KiB (one raw slice " << sliceRaw / 1024 << " KiB)\n";
  if (!folded.empty())
    std::cout << "  runs that also checkpointed the WAL: " << folded.size() << ", up to "
              << *std::max_element(folded.begin(), folded.end()) / 1024 << " KiB\n";
  std::cout << "  WAL growth per save             " << std::setw(6) << median(walGrowth) / 1024.0 << " KiB\n";
  autosaver.flush();
  study.reset();
  if (o.dir.empty()) fs::remove_all(root);
}

void setupStudyBench(CLI::App& root) {
  auto opts = std::make_shared<StudyBenchOptions>();
  CLI::App& group = commandGroup(root, "bench", "Benchmarks printing timing tables");
  CLI::App* cmd = group.add_subcommand("study", "Autosave cost of a one-slice edit");
  cmd->add_option("--size", opts->size, "Study grid X,Y,Z")->default_val("512,512,300");
  cmd->add_option("--repeat", opts->repeat, "One-slice edits to autosave")->default_val(20)
      ->check(CLI::PositiveNumber);
  cmd->add_option("--dir", opts->dir, "Folder for the study (default: a temporary one, removed)");
  cmd->callback([opts] { run(*opts); });
}

SLICEWISE_CLI_COMMAND(96, setupStudyBench)

}  // namespace
}  // namespace slicewise::cli
#endif
