// slicewise-cli sample --out DIR: writes the built-in sample (image, labels, label sidecar).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "files/OutputSet.h"
#include "sample/SamplePhantom.h"
#include "io/ImageIO.h"
#include "io/LabelDescriptionIO.h"

namespace slicewise::cli {
namespace {

void setupSample(CLI::App& root) {
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = root.add_subcommand("sample", "Write the built-in sample CT and its labels");
  cmd->add_option("--out", *out, "Folder to write sample-ct.nii.gz and sample-labels.nii.gz into")
      ->required();
  cmd->callback([out] {
    std::error_code ec;
    std::filesystem::create_directories(*out, ec);
    if (ec) throw CliFailure("cannot create folder '" + *out + "': " + ec.message());
    const SampleCase sample = SamplePhantom::generate();
    const auto dir = std::filesystem::path(*out);
    OutputSet outputs;
    writeImage(sample.image, (dir / "sample-ct.nii.gz").string(), outputs);
    writeLabelMap(sample.labels, (dir / "sample-labels.nii.gz").string(), outputs);
    writeLabelSidecar(sample.table, sidecarPathFor((dir / "sample-labels.nii.gz").string()), outputs);
    outputs.commit();
    std::cout << (dir / "sample-ct.nii.gz").string() << "\n" << (dir / "sample-labels.nii.gz").string() << "\n";
  });
}

SLICEWISE_CLI_COMMAND(90, setupSample)

}  // namespace
}  // namespace slicewise::cli

