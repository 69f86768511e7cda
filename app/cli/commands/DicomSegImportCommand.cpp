// slicewise-cli dicom seg-import SEG --series DIR [--series-uid UID] --out LABELS [--json]:
// a DICOM SEG onto the grid of the series it segments, as a label map (label = segment number)
// with a .labels.json sidecar for names and colours.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "files/OutputSet.h"
#include "io/DicomScanner.h"
#include "io/DicomSeg.h"
#include "io/DicomSliceArrangement.h"
#include "io/ImageIO.h"
#include "io/LabelDescriptionIO.h"

namespace slicewise::cli {
namespace {

struct SegImportOptions {
  std::string seg, series, seriesUid, out;
  bool json = false;
};

const char* algorithmName(SegmentAlgorithm a) {
  switch (a) {
    case SegmentAlgorithm::SemiAutomatic: return "SEMIAUTOMATIC";
    case SegmentAlgorithm::Automatic: return "AUTOMATIC";
    default: return "MANUAL";
  }
}

void run(const SegImportOptions& o) {
  const DicomScanReport scan = scanDicom(o.series);
  const DicomSeriesInfo& series = chooseDicomSeries(scan, o.series, o.seriesUid);
  const ImageGeometry grid = arrangeDicomSlices(series.slices).geometry;
  OutputSet outputs;
  outputs.protectInput(o.seg);
  for (const auto& slice : series.slices) outputs.protectInput(slice.file);
  outputs.checkTarget(o.out);
  outputs.checkTarget(sidecarPathFor(o.out));
  const DicomSegImport r = readDicomSeg(o.seg, series);
  for (const auto& w : r.warnings) warn(w);
  writeLabelMap(r.labels, o.out, outputs);
  writeLabelSidecar(r.table, sidecarPathFor(o.out), outputs);
  outputs.commit();
  const auto counts = r.labels.labelCounts();
  nlohmann::json segments = nlohmann::json::array();
  for (const auto& [id, info] : r.table.all()) {
    const auto c = counts.find(id);
    segments.push_back({{"label", id},
                        {"name", info.name},
                        {"color", {info.color.r, info.color.g, info.color.b}},
                        {"algorithm", algorithmName(r.algorithms.at(id))},
                        {"voxels", c == counts.end() ? 0 : c->second}});
  }
  if (o.json)
    return printJson({{"segments", segments}, {"overlap_voxels", r.overlapVoxels}, {"warnings", r.warnings},
                      {"size", grid.size}, {"output", o.out}});
  for (const auto& s : segments)
    std::cout << "label " << s["label"].get<int>() << "  " << s["name"].get<std::string>() << "  "
              << s["algorithm"].get<std::string>() << "  " << s["voxels"].get<uint64_t>() << " voxels\n";
  std::cout << "wrote " << o.out << " and " << sidecarPathFor(o.out) << "\n";
}

void setupSegImport(CLI::App& root) {
  auto opts = std::make_shared<SegImportOptions>();
  CLI::App& group = commandGroup(root, "dicom", "DICOM series and DICOM SEG import and export");
  CLI::App* cmd = group.add_subcommand("seg-import", "Import a DICOM SEG onto its series as a label map");
  cmd->add_option("SEG", opts->seg, "DICOM SEG file")->required();
  cmd->add_option("--series", opts->series, "Folder (or DICOMDIR) of the series the SEG segments")->required();
  cmd->add_option("--series-uid", opts->seriesUid, "SeriesInstanceUID when the folder holds several series");
  cmd->add_option("--out", opts->out, "Output label map (.nii.gz, .nrrd, .mha)")->required();
  cmd->add_flag("--json", opts->json, "Machine-readable output on stdout");
  cmd->callback([opts] { run(*opts); });
}

SLICEWISE_CLI_COMMAND(82, setupSegImport)

}  // namespace
}  // namespace slicewise::cli
