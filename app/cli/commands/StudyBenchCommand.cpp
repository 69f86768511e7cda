// slicewise-cli bench study [--size X,Y,Z] [--repeat N] [--dir DIR] [--json]
// The edit path on a study: one brush stamp, undo and redo of a 10,000-voxel stroke, the undo
// record's memory against the changed voxels compressed, bytes a save writes after a coronal
// stroke against a full save, and the autosave of a one-slice edit (snapshot to commit).
#if SLICEWISE_HAS_STUDY
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>
#include <unistd.h>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "model/ByteCodec.h"
#include "study/Autosaver.h"
#include "study/Study.h"
#include "tools/RoundBrush.h"

namespace fs = std::filesystem;

namespace slicewise::cli {
namespace {

struct StudyBenchOptions {
  std::string size = "512,512,300", dir;
  int repeat = 20;
  bool json = false;
};

using Clock = std::chrono::steady_clock;
double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

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

template <class T>
T median(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? T{} : v[v.size() / 2];
}

// An organ-like ellipsoid per label, so bricks hold realistic, compressible label runs.
LabelVolume phantom(const ImageGeometry& g) {
  LabelVolume labels(g);
  const double cx = g.size[0] / 2.0, cy = g.size[1] / 2.0, cz = g.size[2] / 2.0;
  for (int64_t k = 0; k < g.size[2]; ++k)
    for (int64_t j = 0; j < g.size[1]; ++j)
      for (int64_t i = 0; i < g.size[0]; ++i) {
        const double x = (i - cx) / cx, y = (j - cy) / cy, z = (k - cz) / cz;
        const double r = x * x + y * y + 0.5 * z * z;
        if (r < 0.6) labels.set(i, j, k, Label(1 + int(r * 6.0)));
      }
  return labels;
}

fs::path writeBlankImage(const fs::path& root, const std::vector<int64_t>& size) {
  const fs::path mhd = root / "image.mhd";
  std::ofstream h(mhd);
  h << "ObjectType = Image\nNDims = 3\nDimSize = " << size[0] << " " << size[1] << " " << size[2]
    << "\nElementType = MET_UCHAR\nElementSpacing = 0.8 0.8 1.5\nElementDataFile = image.raw\n";
  std::ofstream r(root / "image.raw", std::ios::binary);
  const std::vector<char> plane(size_t(size[0] * size[1]), 0);
  for (int64_t k = 0; k < size[2]; ++k) r.write(plane.data(), std::streamsize(plane.size()));
  return mhd;
}

struct StrokeNumbers {
  double stampMs = 0, commitMs = 0, undoMs = 0, redoMs = 0;
  uint64_t strokeVoxels = 0, stamps = 0;
  size_t undoBytes = 0, compressedChangedBytes = 0;
};

// A brush of 10 mm (radius 5 mm) dragged across axial slices until 10,000 voxels changed; then
// undo and redo of that one step, repeated.
StrokeNumbers measureStroke(Study& study, int repeat) {
  StrokeNumbers n;
  const ImageGeometry& g = study.geometry();
  const RoundBrush brush(10.0);
  const int64_t k = g.size[2] / 3;
  AnnotationEditor& editor = study.editor();
  EditTransaction stroke = editor.begin("brush");
  std::vector<double> stampTimes;
  SlicePoint last{20, 20};
  uint64_t changed = 0;
  for (int step = 0; changed < 10000 && step < 100000; ++step) {
    SlicePoint next{last.u + 2.0, last.v};
    if (next.u > double(g.size[0]) - 20) next = {20, last.v + 14.0};
    const auto t0 = Clock::now();
    const VoxelList voxels = brush.stroke(g, {SliceAxis::Axial, k}, last, next);
    changed += stroke.paint(voxels, 9).voxelsChanged;
    stampTimes.push_back(ms(Clock::now() - t0));
    last = next;
  }
  n.stamps = stampTimes.size();
  n.stampMs = median(stampTimes);
  auto t0 = Clock::now();
  const EditResult result = stroke.commit();
  n.commitMs = ms(Clock::now() - t0);
  n.strokeVoxels = result.undo->voxels.voxelCount();
  n.undoBytes = result.undo->bytes();
  // The baseline: the changed voxels' old and new values alone, deflated the same way.
  std::vector<uint8_t> values;
  for (const VoxelDelta::Change& c : result.undo->voxels.decode()) {
    const uint8_t bytes[6] = {uint8_t(c.oldLabel), uint8_t(c.oldLabel >> 8), c.oldOrigin,
                              uint8_t(c.newLabel), uint8_t(c.newLabel >> 8), c.newOrigin};
    values.insert(values.end(), bytes, bytes + 6);
  }
  n.compressedChangedBytes = compressBytes(values.data(), values.size()).size();
  std::vector<double> undos, redos;
  for (int r = 0; r < repeat; ++r) {
    t0 = Clock::now();
    editor.undo(*result.undo);
    undos.push_back(ms(Clock::now() - t0));
    t0 = Clock::now();
    editor.redo(*result.undo);
    redos.push_back(ms(Clock::now() - t0));
  }
  n.undoMs = median(undos);
  n.redoMs = median(redos);
  return n;
}

// Bytes one save writes after a 10 mm stroke with the same brush on a coronal slice.
uint64_t coronalStrokeSaveBytes(Study& study, int repeat, size_t* bricks) {
  const ImageGeometry& g = study.geometry();
  const RoundBrush brush(10.0);
  const SlicePlane p = slicePlane(g, SliceAxis::Coronal);
  std::vector<uint64_t> bytes;
  for (int r = 0; r < repeat; ++r) {
    const SliceLocation at{SliceAxis::Coronal, g.size[1] / 2 + r};
    const double lengthU = 10.0 / p.spacingU;
    const SlicePoint from{double(p.width) / 3, double(p.height) / 2};
    study.editor().paint(brush.stroke(g, at, from, {from.u + lengthU, from.v}), Label(10 + r % 5));
    *bricks = study.pendingBricks().size();
    const uint64_t w0 = bytesWritten();
    study.save("bench", "coronal stroke");
    bytes.push_back(bytesWritten() - w0);
  }
  return median(bytes);
}

void run(const StudyBenchOptions& o) {
  const std::vector<int64_t> size = parseSliceList(o.size);
  if (size.size() != 3 || std::any_of(size.begin(), size.end(), [](int64_t s) { return s < 1; }))
    throw CliFailure("--size wants three positive numbers, e.g. 512,512,300");
  fs::path root = o.dir.empty() ? fs::temp_directory_path() / ("slicewise-bench-study-" + std::to_string(getpid()))
                                : fs::path(o.dir);
  fs::create_directories(root);
  const fs::path studyDir = root / "bench.study";
  fs::remove_all(studyDir);
  const fs::path mhd = writeBlankImage(root, size);
  ImageGeometry g;
  g.size = {size[0], size[1], size[2]};
  g.spacing = {0.8, 0.8, 1.5};
  StudyCreateOptions create;
  create.labels = phantom(g);
  uint64_t w0 = bytesWritten();
  auto t0 = Clock::now();
  auto study = Study::create(studyDir.string(), mhd.string(), create);
  const double createMs = ms(Clock::now() - t0);
  const uint64_t fullBytes = bytesWritten() - w0;

  const StrokeNumbers stroke = measureStroke(*study, o.repeat);
  study->save("bench", "stroke");
  size_t coronalBricks = 0;
  const uint64_t coronalBytes = coronalStrokeSaveBytes(*study, std::max(3, o.repeat / 4), &coronalBricks);

  Autosaver autosaver(*study, std::chrono::milliseconds(0), "bench");
  std::vector<double> times, snapTimes;
  std::vector<uint64_t> bytes;
  const RoundBrush small(8.0);
  for (int r = 0; r < o.repeat; ++r) {
    const int64_t k = (size[2] / 2 + 7 * r) % size[2];
    const SlicePoint c{double(size[0]) / 3, double(size[1]) / 3};
    study->editor().paint(small.stamp(study->geometry(), {SliceAxis::Axial, k}, c), Label(3 + r % 4));
    autosaver.noteEdit();
    w0 = bytesWritten();
    t0 = Clock::now();
    if (!autosaver.tick()) throw CliFailure("the autosaver did not start a save");
    snapTimes.push_back(ms(Clock::now() - t0));
    while (autosaver.busy()) std::this_thread::sleep_for(std::chrono::microseconds(200));
    const auto result = autosaver.takeResult();
    if (!result || !result->ok) throw CliFailure("autosave failed: " + (result ? result->error : "no result"));
    times.push_back(result->milliseconds);
    bytes.push_back(bytesWritten() - w0);
  }
  autosaver.flush();
  const double fraction = double(coronalBytes) / double(fullBytes);
  const double ratio = double(stroke.undoBytes) / double(stroke.compressedChangedBytes);
  nlohmann::json j = {
      {"size", size},
      {"create_ms", createMs},
      {"full_save_bytes", fullBytes},
      {"brush_stamp_ms", stroke.stampMs},
      {"stroke_stamps", stroke.stamps},
      {"stroke_voxels", stroke.strokeVoxels},
      {"stroke_commit_ms", stroke.commitMs},
      {"undo_ms", stroke.undoMs},
      {"redo_ms", stroke.redoMs},
      {"undo_record_bytes", stroke.undoBytes},
      {"compressed_changed_voxel_bytes", stroke.compressedChangedBytes},
      {"undo_bytes_ratio", ratio},
      {"coronal_stroke_bricks", coronalBricks},
      {"coronal_stroke_bytes", coronalBytes},
      {"coronal_stroke_bytes_fraction", fraction},
      {"autosave_snapshot_ms", median(snapTimes)},
      {"autosave_commit_ms", median(times)},
      {"autosave_max_commit_ms", *std::max_element(times.begin(), times.end())},
      {"autosave_bytes", median(bytes)}};
  study.reset();
  if (o.dir.empty()) fs::remove_all(root);
  if (o.json) return printJson(j);
  std::cout << std::fixed << "study " << size[0] << "x" << size[1] << "x" << size[2]
            << ", spacing 0.8 x 0.8 x 1.5 mm, " << o.repeat << " repeats (medians)\n"
            << std::setprecision(3)
            << "one brush stamp, 10 mm disc (radius 5 mm), geometry + edit   " << stroke.stampMs << " ms\n"
            << "stroke of " << stroke.strokeVoxels << " voxels (" << stroke.stamps << " stamps): commit "
            << stroke.commitMs << " ms, undo " << stroke.undoMs << " ms, redo " << stroke.redoMs << " ms\n"
            << std::setprecision(2) << "undo record " << stroke.undoBytes << " bytes; changed voxels deflated "
            << stroke.compressedChangedBytes << " bytes; ratio " << ratio << "\n"
            << "full save (create) " << fullBytes / 1024 << " KiB in " << std::setprecision(0) << createMs
            << " ms; save after a 10 mm coronal stroke " << coronalBytes / 1024 << " KiB (" << coronalBricks
            << " bricks)\n"
            << std::setprecision(4) << "coronal_stroke_bytes_fraction " << fraction << "\n"
            << std::setprecision(2) << "autosave of one stamp: snapshot " << median(snapTimes)
            << " ms on the editing thread, snapshot to commit " << median(times) << " ms (max "
            << *std::max_element(times.begin(), times.end()) << "), " << median(bytes) / 1024.0
            << " KiB written\n";
}

void setupStudyBench(CLI::App& root) {
  auto opts = std::make_shared<StudyBenchOptions>();
  CLI::App& group = commandGroup(root, "bench", "Benchmarks printing timing tables");
  CLI::App* cmd = group.add_subcommand("study", "Edits, undo and saving on a study");
  cmd->add_option("--size", opts->size, "Study grid X,Y,Z")->default_val("512,512,300");
  cmd->add_option("--repeat", opts->repeat, "Repetitions of each measurement")->default_val(20)
      ->check(CLI::PositiveNumber);
  cmd->add_option("--dir", opts->dir, "Folder for the study (default: a temporary one, removed)");
  cmd->add_flag("--json", opts->json, "Machine-readable result");
  cmd->callback([opts] { run(*opts); });
}

SLICEWISE_CLI_COMMAND(96, setupStudyBench)

}  // namespace
}  // namespace slicewise::cli
#endif
