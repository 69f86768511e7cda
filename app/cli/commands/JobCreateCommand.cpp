// slicewise-cli job create (--image IMG --labels SPARSE --slices 3,10,17 | --study DIR [--image IMG])
//   --out JOBDIR [--predictor unet|deeplab|manet] [--axis A] [--iterations N] [--seed N] [--device D]
// Writes a self-contained training job folder (engine/jobs/README.md): pixels, geometry, the key
// slices' labels and the parameters, nothing that identifies the patient; `train` runs it.
#include <CLI/CLI.hpp>
#include <iostream>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "NetworkOptions.h"
#include "io/ImageIO.h"
#include "io/LabelMapLoader.h"
#include "jobs/JobFolder.h"
#include "model/KeyStateHash.h"
#include "predict/SparseLabels.h"
#ifdef SLICEWISE_HAS_STUDY
#include "study/Study.h"
#endif

namespace slicewise::cli {
namespace {

struct JobCreateOptions {
  std::string image, labels, slices, study, out, axis = "axial", device = "auto", predictor = "unet";
  uint64_t seed = 0;
  bool resample = false;
  NetworkOptions network;
};

void run(const JobCreateOptions& o) {
  const SliceAxis axis = axisFromOption(o.axis);
  Volume image;
  Annotation annotation;
  if (!o.study.empty()) {
#ifdef SLICEWISE_HAS_STUDY
    if (!o.labels.empty() || !o.slices.empty())
      throw CliFailure("--study takes labels and key slices from the study: drop --labels/--slices");
    std::unique_ptr<Study> study;
    try {
      study = Study::open(o.study, Study::Mode::ReadOnly);
    } catch (const std::exception& e) {
      throw CliFailure("cannot open study '" + o.study + "': " + e.what());
    }
    image = o.image.empty() ? study->loadImage() : readImage(o.image);
    if (!image.geometry().sameGrid(study->geometry(), 1e-3))
      throw CliFailure("the image's grid differs from the study's");
    annotation = study->annotation();
#else
    throw CliFailure("this build has no study support (--study " + o.study + ")");
#endif
  } else {
    if (o.image.empty() || o.labels.empty() || o.slices.empty())
      throw CliFailure("give --image, --labels and --slices (or --study DIR)");
    image = readImage(o.image);
    std::vector<std::string> warnings;
    const LabelVolume full = loadLabelMapFor(image.geometry(), o.labels, o.resample, &warnings);
    for (const auto& w : warnings) warn(w);
    std::vector<int64_t> keys = parseSliceList(o.slices);
    const SlicePlane plane = slicePlane(full.geometry(), axis);
    for (int64_t k : keys)
      if (k >= plane.count)
        throw CliFailure("slice " + std::to_string(k) + " is out of range (the " + std::string(axisName(axis)) +
                         " axis has " + std::to_string(plane.count) + " slices)");
    // Only the key slices travel: the rest of the label map may be a full truth.
    annotation = Annotation(full.geometry());
    annotation.labels = keepOnlySlices(full, axis, keys);
    for (int64_t k : keys)
      annotation.marks.setAnnotation(axis, k, annotation.labels.sliceIsEmpty(plane, k) ? AnnotationState::EmptyHere
                                                                                      : AnnotationState::Done);
  }
  JobDescription job;
  job.geometry = image.geometry();
  job.imagePixelType = image.pixelType();
  job.axis = axis;
  job.keySlices = annotation.marks.keySlices(axis);
  if (job.keySlices.empty())
    throw CliFailure("no key slices on the " + std::string(axisName(axis)) + " axis");
  job.keyState = keyStateHash(annotation, axis);
  job.seed = o.seed;
  job.device = o.device;
  job.parameters = unetParameters(o.network);
  job.parameters.architecture = *parseArchitecture(o.predictor);
  job.predictor = o.predictor;
  const bool anyProtected = annotation.provenance.count(VoxelOrigin::None) != annotation.provenance.data().size();
  job.hasProvenance = anyProtected;
  // A study's labels travel whole: voxels drawn on other axes are protected and keep their labels.
  try {
    JobFolder::create(o.out, job, image, annotation.labels, anyProtected ? &annotation.provenance : nullptr);
  } catch (const JobError& e) {
    throw CliFailure(e.what());
  }
  std::cout << "job " << o.out << ": " << job.predictor << ", " << job.keySlices.size() << " " << axisName(axis) << " key slices, "
            << job.parameters.iterations << " iterations, key state " << job.keyState << "\n";
}

void setupJobCreate(CLI::App& root) {
  auto o = std::make_shared<JobCreateOptions>();
  CLI::App& group = commandGroup(root, "job", "Training job folders for slicewise-train");
  CLI::App* cmd = group.add_subcommand("create", "Write a job folder from an image and its key slices");
  cmd->add_option("IMAGE,--image", o->image, "Image the labels belong to");
  cmd->add_option("--labels", o->labels, "Label map: only the key slices are taken");
  cmd->add_option("--slices", o->slices, "Key slice indices along the axis, e.g. 3,10,17");
  cmd->add_flag("--resample-labels", o->resample, "Resample --labels onto the image grid when the grids differ");
  cmd->add_option("--study", o->study, "Study folder: its labels, provenance and key slices");
  cmd->add_option("--out", o->out, "Job folder to create (must not exist)")->required();
  cmd->add_option("--predictor", o->predictor, "The network to train: unet (default), deeplab or manet")
      ->check(CLI::IsMember({"unet", "deeplab", "manet"}));
  addAxisOption(*cmd, o->axis);
  cmd->add_option("--seed", o->seed, "Random seed");
  cmd->add_option("--device", o->device, "auto, cpu or cuda[:N]");
  addNetworkOptions(*cmd, o->network);
  cmd->callback([o] { run(*o); });
}

SLICEWISE_CLI_COMMAND(57, setupJobCreate)

}  // namespace
}  // namespace slicewise::cli
