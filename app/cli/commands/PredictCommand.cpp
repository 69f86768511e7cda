// slicewise-cli predict --image IMG --labels SPARSE (--slices 3,10,17 | --study DIR) [--axis A]
//   --predictor NAME --out LABELS [--confidence-out CSV] [--seed N] [--device D] [--iterations N]
//   [--resample-labels] [--ensemble-of unet,shape] [--ensemble-tau MM]
#include <CLI/CLI.hpp>
#include <chrono>
#include <sstream>
#include <iomanip>
#include <iostream>
#include <optional>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "NetworkOptions.h"
#include "PredictorChoice.h"
#include "files/OutputSet.h"
#include "io/ImageDataLayout.h"
#include "io/ImageIO.h"
#include "io/LabelMapLoader.h"
#ifdef SLICEWISE_HAS_STUDY
#include "study/Study.h"
#endif

namespace slicewise::cli {
namespace {

struct PredictOptions {
  std::string image, labels, slices, study, axis = "axial", predictor, out, confidenceOut;
  std::string device = "auto";
  uint64_t seed = 0;
  bool resample = false;
  NetworkOptions network;
  EnsembleOptions ensemble;
};

// What a prediction starts from: from files and --slices, or from a study's labels, provenance
// and the slices marked done or empty-here on the axis.
struct PredictionSource {
  std::optional<Volume> image;
  LabelVolume labels;
  std::optional<ProvenanceVolume> provenance;
  std::vector<int64_t> keys;
};

PredictionSource fromFiles(const PredictOptions& o, SliceAxis axis) {
  if (o.image.empty() || o.labels.empty() || o.slices.empty())
    throw CliFailure("give --image, --labels and --slices (or --study DIR)");
  PredictionSource src;
  src.image = readImage(o.image);
  std::vector<std::string> warnings;
  src.labels = loadLabelMapFor(src.image->geometry(), o.labels, o.resample, &warnings);
  for (const auto& w : warnings) warn(w);
  src.keys = parseSliceList(o.slices);
  const int64_t count = slicePlane(src.labels.geometry(), axis).count;
  for (int64_t k : src.keys)
    if (k >= count)
      throw CliFailure("slice " + std::to_string(k) + " is out of range (the " +
                       std::string(axisName(axis)) + " axis has " + std::to_string(count) +
                       " slices)");
  return src;
}

PredictionSource fromStudy(const PredictOptions& o, SliceAxis axis, bool needsImage) {
#ifdef SLICEWISE_HAS_STUDY
  if (!o.slices.empty() || !o.labels.empty())
    throw CliFailure("--study takes labels and key slices from the study: drop --labels/--slices");
  std::unique_ptr<Study> study;
  try {
    study = Study::open(o.study, Study::Mode::ReadOnly);
  } catch (const std::exception& e) {
    throw CliFailure("cannot open study '" + o.study + "': " + e.what());
  }
  PredictionSource src;
  if (!o.image.empty()) {
    src.image = readImage(o.image);
  } else if (needsImage) {
    // A predictor that follows the image reads the study's own.
    try {
      src.image = study->loadImage();
    } catch (const std::exception& e) {
      throw CliFailure("cannot read the study's image (give --image): " + std::string(e.what()));
    }
  }
  src.labels = study->labels();
  src.provenance = study->provenance();
  src.keys = study->marks().keySlices(axis);
  if (src.keys.empty())
    throw CliFailure("the study has no slice marked done or empty-here on the " +
                     std::string(axisName(axis)) + " axis");
  return src;
#else
  (void)axis;
  (void)needsImage;
  throw CliFailure("this build has no study support (--study " + o.study + ")");
#endif
}

void writeConfidence(const Proposal& p, const std::string& path, OutputSet& outputs) {
  std::ostringstream csv;
  csv << "slice,confidence,key\n";
  std::vector<uint8_t> isKey(p.sliceConfidence.size(), 0);
  for (int64_t k : p.keySlices) isKey[size_t(k)] = 1;
  for (size_t s = 0; s < p.sliceConfidence.size(); ++s)
    csv << s << "," << std::fixed << std::setprecision(4) << p.sliceConfidence[s] << ","
        << int(isKey[s]) << "\n";
  outputs.writeBytes(path, csv.str());
}

void run(const PredictOptions& o) {
  // The label map and the CSV appear together or not at all, never over an input; bad output
  // paths are refused before any work.
  OutputSet outputs;
  for (const std::string& input : {o.image, o.labels})
    if (!input.empty())
      for (const auto& f : imageFilesOf(input)) outputs.protectInput(f);
  outputs.checkTarget(o.out);
  if (!o.confidenceOut.empty()) outputs.checkTarget(o.confidenceOut);
  const SliceAxis axis = axisFromOption(o.axis);
  const auto predictor = predictorByName(o.predictor, unetParameters(o.network), ensembleParameters(o.ensemble));
  const PredictionSource src =
      o.study.empty() ? fromFiles(o, axis) : fromStudy(o, axis, predictor->followsImage());
  PredictionInput input;
  input.labels = &src.labels;
  input.provenance = src.provenance ? &*src.provenance : nullptr;
  input.image = src.image ? &*src.image : nullptr;
  input.axis = axis;
  input.keySlices = src.keys;
  input.seed = o.seed;
  input.device = o.device;
  const auto start = std::chrono::steady_clock::now();
  Proposal proposal;
  try {
    proposal = predictor->predict(input);
  } catch (const std::invalid_argument& e) {
    throw CliFailure(e.what());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  writeLabelMap(proposal.labels, o.out, outputs);
  if (!o.confidenceOut.empty()) writeConfidence(proposal, o.confidenceOut, outputs);
  outputs.commit();
  std::cout << proposal.predictor << ": " << proposal.keySlices.size() << " key slices, "
            << proposal.sliceConfidence.size() - proposal.keySlices.size() << " slices predicted ("
            << axisName(axis) << ") in " << std::fixed << std::setprecision(3) << seconds
            << " s -> " << o.out << "\n";
}

void setupPredict(CLI::App& root) {
  auto o = std::make_shared<PredictOptions>();
  CLI::App* cmd = root.add_subcommand(
      "predict", "Fill the slices between key slices with an interpolating or network predictor");
  cmd->add_option("IMAGE,--image", o->image, "Image the labels belong to");
  cmd->add_option("--labels", o->labels, "Sparse label map: only the key slices are used");
  cmd->add_option("--slices", o->slices, "Key slice indices along the axis, e.g. 3,10,17");
  cmd->add_flag("--resample-labels", o->resample,
                "Resample --labels onto the image grid (nearest neighbour) when the grids differ");
  cmd->add_option("--study", o->study,
                  "Study folder: its labels, provenance and done/empty-here slices are the input");
  addAxisOption(*cmd, o->axis);
  std::string names;
  for (const auto& n : predictorNames()) names += (names.empty() ? "" : "|") + n;
  cmd->add_option("--predictor", o->predictor, names)->required();
  cmd->add_option("--out", o->out, "Label map to write the proposal to")->required();
  cmd->add_option("--confidence-out", o->confidenceOut, "CSV with one confidence per slice");
  cmd->add_option("--seed", o->seed, "Random seed (predictors that need one)");
  cmd->add_option("--device", o->device, "auto, cpu or cuda[:N] (predictors that use one)");
  addNetworkOptions(*cmd, o->network);
  addEnsembleOptions(*cmd, o->ensemble);
  cmd->callback([o] { run(*o); });
}

SLICEWISE_CLI_COMMAND(50, setupPredict)

}  // namespace
}  // namespace slicewise::cli
