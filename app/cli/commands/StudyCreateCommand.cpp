// slicewise-cli study create IMAGE --out DIR [--labels LABELS] [--label-names FILE] [--copy-image]
#if SLICEWISE_HAS_STUDY
#include <CLI/CLI.hpp>
#include <iostream>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "io/ImageIO.h"
#include "io/LabelDescriptionIO.h"
#include "io/LabelMapLoader.h"
#include "study/Study.h"

namespace slicewise::cli {
namespace {

struct StudyCreateOptions {
  std::string image, out, labels, names;
  bool copyImage = false, resample = false;
};

void run(const StudyCreateOptions& o) {
  if (Study::isStudy(o.out)) throw CliFailure(o.out + " already holds a study");
  slicewise::StudyCreateOptions create;
  create.copyImage = o.copyImage;
  if (!o.labels.empty()) {
    std::vector<std::string> warnings;
    create.labels = loadLabelMapFor(readImageGeometry(o.image), o.labels, o.resample, &warnings);
    for (const auto& w : warnings) warn(w);
    create.labelTable = describeLabelMap(o.labels, o.names);
  } else if (!o.names.empty()) {
    create.labelTable = readLabelDescriptions(o.names);
  }
  const auto study = Study::create(o.out, o.image, create);
  std::cout << "created study " << study->folder() << " (" << study->geometry().describe() << ", "
            << study->labels().labelCounts().size() << " labels)\n";
}

void setupStudyCreate(CLI::App& root) {
  auto opts = std::make_shared<StudyCreateOptions>();
  CLI::App& group = commandGroup(root, "study", "Study folders: create, inspect, annotate, export");
  CLI::App* cmd = group.add_subcommand("create", "Create a study folder for an image");
  addImageOption(*cmd, opts->image, "NIfTI, NRRD, MetaImage or GIPL image");
  cmd->add_option("--out", opts->out, "Study folder to create (absent or empty)")->required();
  cmd->add_option("--labels", opts->labels, "Initial label map on the image's grid");
  cmd->add_flag("--resample-labels", opts->resample,
                "Resample a label map on another grid onto the image with nearest neighbour");
  cmd->add_option("--label-names", opts->names, "ITK-SNAP .label file or Slicewise .labels.json");
  cmd->add_flag("--copy-image", opts->copyImage, "Copy the image into the study folder");
  cmd->callback([opts] {
    if (opts->image.empty()) throw CLI::RequiredError("IMAGE");
    run(*opts);
  });
}

SLICEWISE_CLI_COMMAND(200, setupStudyCreate)

}  // namespace
}  // namespace slicewise::cli
#endif
