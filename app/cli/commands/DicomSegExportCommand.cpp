// slicewise-cli dicom seg-export (--labels LABELS | --study DIR) --series DIR --out SEG.dcm
//   [--series-uid UID] [--label-names FILE] [--semiautomatic 2,3]
// One segment per label. From a study, labels holding accepted predictions (provenance) are
// SEMIAUTOMATIC and the others MANUAL; --semiautomatic names such labels for a plain label map.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "files/OutputSet.h"
#include "io/DicomScanner.h"
#include "io/DicomSeg.h"
#include "io/ImageIO.h"
#include "io/LabelDescriptionIO.h"
#ifdef SLICEWISE_HAS_STUDY
#include "study/Study.h"
#endif

namespace slicewise::cli {
namespace {

struct SegExportOptions {
  std::string labels, study, series, seriesUid, out, names, semiautomatic;
  bool json = false, force = false;
};

void run(const SegExportOptions& o) {
  if (o.labels.empty() == o.study.empty()) throw CliFailure("give exactly one of --labels LABELS or --study DIR");
  DicomSegExportOptions options;
  LabelVolume labels;
#ifdef SLICEWISE_HAS_STUDY
  std::unique_ptr<Study> study;
  if (!o.study.empty()) {
    study = Study::open(o.study, Study::Mode::ReadOnly);
    labels = study->labels();
    options.table = study->labelTable();
    options.provenance = &study->provenance();
  }
#else
  if (!o.study.empty()) throw CliFailure("--study needs a build with study storage");
#endif
  if (!o.labels.empty()) {
    std::vector<std::string> warnings;
    labels = readLabelMap(o.labels, &warnings);
    for (const auto& w : warnings) warn(w);
    if (auto sidecar = readSidecarFor(o.labels)) options.table = *sidecar;
  }
  const DicomScanReport scan = scanDicom(o.series);
  const DicomSeriesInfo& series = chooseDicomSeries(scan, o.series, o.seriesUid);
  OutputSet outputs;
  for (const auto& slice : series.slices) outputs.protectInput(slice.file);
  if (!o.labels.empty()) outputs.protectInput(o.labels);
  outputs.checkTarget(o.out);
  options.force = o.force;
#ifdef SLICEWISE_HAS_STUDY
  if (study && study->dicomIdentity() && study->dicomIdentity()->seriesInstanceUid != series.seriesUid)
    warn("the study was imported from series " + study->dicomIdentity()->seriesInstanceUid + ", not " +
         series.seriesUid);
#endif
  if (!o.names.empty()) options.table = readLabelDescriptions(o.names);
  if (!o.semiautomatic.empty())
    for (int64_t id : parseSliceList(o.semiautomatic)) {
      if (id <= 0 || id > 65535) throw CliFailure("--semiautomatic takes label ids 1..65535");
      options.algorithms[Label(id)] = SegmentAlgorithm::SemiAutomatic;
    }
  writeDicomSeg(labels, series, o.out, outputs, options);
  outputs.commit();
  const auto counts = labels.labelCounts();
  if (o.json) return printJson({{"segments", counts.size()}, {"output", o.out}});
  std::cout << "wrote " << o.out << ": " << counts.size() << " segment(s) on series " << series.seriesUid << "\n";
}

void setupSegExport(CLI::App& root) {
  auto opts = std::make_shared<SegExportOptions>();
  CLI::App& group = commandGroup(root, "dicom", "DICOM series and DICOM SEG import and export");
  CLI::App* cmd = group.add_subcommand("seg-export", "Export a label map as DICOM SEG referencing its series");
  cmd->add_option("--labels", opts->labels, "Label map on the grid of the series");
  cmd->add_option("--study", opts->study, "Study folder: its labels, names, colours and provenance");
  cmd->add_option("--series", opts->series, "Folder (or DICOMDIR) of the source series")->required();
  cmd->add_option("--series-uid", opts->seriesUid, "SeriesInstanceUID when the folder holds several series");
  cmd->add_option("--out", opts->out, "Output DICOM SEG file")->required();
  cmd->add_option("--label-names", opts->names, "ITK-SNAP .label file or Slicewise .labels.json");
  cmd->add_option("--semiautomatic", opts->semiautomatic, "Label ids that hold accepted predictions, e.g. 2,3");
  cmd->add_flag("--force", opts->force,
                "Write even when the series lacks Study/Series/FrameOfReference UIDs (the SEG then "
                "cannot reference it)");
  cmd->add_flag("--json", opts->json, "Machine-readable output on stdout");
  cmd->callback([opts] { run(*opts); });
}

SLICEWISE_CLI_COMMAND(83, setupSegExport)

}  // namespace
}  // namespace slicewise::cli
