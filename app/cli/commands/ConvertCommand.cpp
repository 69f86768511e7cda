// slicewise-cli convert IMAGE --out FILE [--labels]: rewrite an image in another format.
#include <CLI/CLI.hpp>
#include <iostream>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "files/OutputSet.h"
#include "io/ImageDataLayout.h"
#include "io/ImageIO.h"
#include "io/LabelDescriptionIO.h"

namespace slicewise::cli {
namespace {

struct ConvertOptions {
  std::string image, out;
  bool labels = false;
};

void run(const ConvertOptions& o) {
  if (!hasImageExtension(o.out))
    throw CliFailure("cannot tell the format of '" + o.out +
                     "' (use .nii, .nii.gz, .nrrd, .nhdr, .mha or .mhd)");
  OutputSet outputs;
  for (const auto& f : imageFilesOf(o.image)) outputs.protectInput(f);
  outputs.protectInput(sidecarPathFor(o.image));
  outputs.checkTarget(o.out);
  if (o.labels) {
    std::vector<std::string> warnings;
    const LabelVolume l = readLabelMap(o.image, &warnings);
    for (const auto& w : warnings) warn(w);
    writeLabelMap(l, o.out, outputs);
    if (auto table = readSidecarFor(o.image)) writeLabelSidecar(*table, sidecarPathFor(o.out), outputs);
  } else {
    writeImage(readImage(o.image), o.out, outputs);
  }
  outputs.commit();
  std::cerr << "wrote " << o.out << "\n";
}

void setupConvert(CLI::App& root) {
  auto opts = std::make_shared<ConvertOptions>();
  CLI::App* cmd = root.add_subcommand("convert", "Convert an image or label map to another format");
  addImageOption(*cmd, opts->image, "Input image");
  cmd->add_option("--out", opts->out, "Output file; the format follows the extension")->required();
  cmd->add_flag("--labels", opts->labels, "Treat the input as a label map (integer labels, sidecar kept)");
  cmd->callback([opts] {
    if (opts->image.empty()) throw CLI::RequiredError("IMAGE");
    run(*opts);
  });
}

SLICEWISE_CLI_COMMAND(20, setupConvert)

}  // namespace
}  // namespace slicewise::cli

