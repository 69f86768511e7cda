// slicewise-cli study export DIR --out LABELS: the study's label map plus its JSON sidecar.
#if SLICEWISE_HAS_STUDY
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "files/OutputSet.h"
#include "io/ImageDataLayout.h"
#include "io/ImageIO.h"
#include "io/LabelMapExport.h"
#include "study/Study.h"

namespace slicewise::cli {
namespace {

struct StudyExportOptions {
  std::string dir, out;
};

void run(const StudyExportOptions& o) {
  if (!hasImageExtension(o.out))
    throw CliFailure("--out " + o.out + ": use a .nii.gz, .nii, .nrrd or .mha file name");
  const auto study = Study::open(o.dir, Study::Mode::ReadOnly);
  // Written together with the sidecar, never over the study's image or its database.
  OutputSet outputs;
  for (const auto& f : imageFilesOf(study->imagePath())) outputs.protectInput(f);
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(o.dir, ec)) outputs.protectInput(entry.path().string());
  const std::string sidecar = exportLabelMap(study->labels(), study->labelTable(), o.out, outputs);
  outputs.commit();
  std::cout << "wrote " << o.out << " and " << sidecar << " (" << study->labels().labelCounts().size()
            << " labels)\n";
}

void setupStudyExport(CLI::App& root) {
  auto opts = std::make_shared<StudyExportOptions>();
  CLI::App& group = commandGroup(root, "study", "Study folders: create, inspect, annotate, export");
  CLI::App* cmd = group.add_subcommand("export", "Write the study's labels as a label map + sidecar");
  cmd->add_option("DIR", opts->dir, "Study folder")->required();
  cmd->add_option("--out", opts->out, "Label map to write (.nii.gz, .nrrd, ...)")->required();
  cmd->callback([opts] { run(*opts); });
}

SLICEWISE_CLI_COMMAND(203, setupStudyExport)

}  // namespace
}  // namespace slicewise::cli
#endif
