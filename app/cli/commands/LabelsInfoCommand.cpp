// slicewise-cli labels info LABELS [--image IMAGE] [--label-names FILE] [--json]
#include <CLI/CLI.hpp>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "model/LabelTable.h"
#include "io/ImageIO.h"
#include "io/LabelDescriptionIO.h"
#include "io/LabelMapLoader.h"

namespace slicewise::cli {
namespace {

struct LabelsInfoOptions {
  std::string labels, image, names;
  bool json = false, resample = false;
};

void run(const LabelsInfoOptions& o) {
  std::vector<std::string> warnings;
  LabelVolume labels = o.image.empty()
                           ? readLabelMap(o.labels, &warnings)
                           : loadLabelMapFor(readImageGeometry(o.image), o.labels, o.resample, &warnings);
  for (const auto& w : warnings) warn(w);
  const LabelTable table = describeLabelMap(o.labels, o.names);
  const ImageGeometry& g = labels.geometry();
  const double voxelMl = g.spacing[0] * g.spacing[1] * g.spacing[2] / 1000.0;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [id, count] : labels.labelCounts()) {
    const LabelInfo info = table.infoOrDefault(id);
    list.push_back({{"id", id},
                    {"name", info.name},
                    {"voxels", count},
                    {"volume_ml", double(count) * voxelMl},
                    {"color", {info.color.r, info.color.g, info.color.b}}});
  }
  if (o.json) return printJson({{"labels", list}, {"size", g.size}, {"spacing", g.spacing}});
  std::cout << std::left << std::setw(7) << "id" << std::setw(24) << "name" << std::right
            << std::setw(12) << "voxels" << std::setw(14) << "volume (mL)" << "\n";
  for (const auto& e : list)
    std::cout << std::left << std::setw(7) << e["id"].get<int>() << std::setw(24)
              << e["name"].get<std::string>() << std::right << std::setw(12)
              << e["voxels"].get<uint64_t>() << std::setw(14) << std::fixed << std::setprecision(2)
              << e["volume_ml"].get<double>() << "\n";
  if (list.empty()) std::cout << "(no labels: the map is all background)\n";
}

void setupLabelsInfo(CLI::App& root) {
  auto opts = std::make_shared<LabelsInfoOptions>();
  CLI::App& group = commandGroup(root, "labels", "Label map utilities");
  CLI::App* cmd = group.add_subcommand("info", "Labels present, voxel counts and volumes in mL");
  cmd->add_option("LABELS", opts->labels, "Label map")->required();
  cmd->add_option("--image", opts->image, "Image the labels belong to (grids must match)");
  cmd->add_flag("--resample-labels", opts->resample,
                "Resample a label map on another grid onto the image with nearest neighbour");
  cmd->add_option("--label-names", opts->names, "ITK-SNAP .label file or Slicewise .labels.json");
  cmd->add_flag("--json", opts->json, "Machine-readable output on stdout");
  cmd->callback([opts] { run(*opts); });
}

SLICEWISE_CLI_COMMAND(30, setupLabelsInfo)

}  // namespace
}  // namespace slicewise::cli

