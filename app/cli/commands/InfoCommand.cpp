// slicewise-cli info IMAGE [--json]: size, spacing, origin, direction, axes, range, pixel type,
// and how many voxels are NaN or infinite (left out of the range).
#include <CLI/CLI.hpp>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "model/NonFiniteVoxels.h"
#include "CliSupport.h"
#include "CommandRegistry.h"
#include "model/SliceAxis.h"
#include "io/ImageIO.h"

namespace slicewise::cli {
namespace {

struct InfoOptions {
  std::string image;
  bool json = false;
};

nlohmann::json describe(const Volume& v) {
  const ImageGeometry& g = v.geometry();
  const AxisLayout layout = axisLayout(g);
  nlohmann::json axes = nlohmann::json::array();
  for (int d = 0; d < 3; ++d) axes.push_back(std::string(axisName(layout.axisOfDim(d))));
  const FiniteSummary finite = finiteSummary(v);
  return {{"size", g.size},
          {"spacing", g.spacing},
          {"origin", g.origin},
          {"direction", g.direction},
          {"axes", axes},
          {"orientation", layout.orientationCode()},
          {"range", {finite.lo, finite.hi}},
          {"nan_voxels", finite.nan},
          {"infinite_voxels", finite.infinite},
          {"pixel_type", std::string(pixelTypeName(v.pixelType()))}};
}

void run(const InfoOptions& o) {
  const Volume v = readImage(o.image);
  const nlohmann::json j = describe(v);
  const FiniteSummary finite{0, 0, j["nan_voxels"].get<uint64_t>(), j["infinite_voxels"].get<uint64_t>()};
  if (!finite.clean()) warn(nonFiniteNote(finite));
  if (o.json) return printJson(j);
  const ImageGeometry& g = v.geometry();
  std::cout << std::setprecision(6) << "image       " << o.image << "\n"
            << "size        " << g.size[0] << " x " << g.size[1] << " x " << g.size[2] << "\n"
            << "spacing     " << g.spacing[0] << " x " << g.spacing[1] << " x " << g.spacing[2] << " mm\n"
            << "origin      " << g.origin[0] << ", " << g.origin[1] << ", " << g.origin[2] << " mm (LPS)\n"
            << "orientation " << j["orientation"].get<std::string>() << " (voxel axes: "
            << j["axes"][0].get<std::string>() << ", " << j["axes"][1].get<std::string>() << ", "
            << j["axes"][2].get<std::string>() << ")\n"
            << "direction   ";
  for (double d : g.direction) std::cout << d << " ";
  std::cout << "\nrange       " << j["range"][0].get<double>() << " .. " << j["range"][1].get<double>()
            << (finite.clean() ? "" : " (finite voxels)") << "\npixel type  " << j["pixel_type"].get<std::string>() << "\n";
}

void setupInfo(CLI::App& root) {
  auto opts = std::make_shared<InfoOptions>();
  CLI::App* cmd = root.add_subcommand("info", "Print an image's geometry and value range");
  addImageOption(*cmd, opts->image, "NIfTI, NRRD, MetaImage or GIPL image");
  cmd->add_flag("--json", opts->json, "Machine-readable output on stdout");
  cmd->callback([opts] {
    if (opts->image.empty()) throw CLI::RequiredError("IMAGE");
    run(*opts);
  });
}

SLICEWISE_CLI_COMMAND(10, setupInfo)

}  // namespace
}  // namespace slicewise::cli

