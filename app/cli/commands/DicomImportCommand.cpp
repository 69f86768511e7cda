// slicewise-cli dicom import DIR [--series UID] (--out IMAGE | --study DIR): one DICOM series to
// a NIfTI/NRRD/MetaImage volume or a new study that keeps the series' UIDs.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "DicomStudyCreation.h"
#include "files/OutputSet.h"
#include "io/DicomScanner.h"
#include "io/DicomSeriesReader.h"
#include "io/ImageIO.h"

namespace slicewise::cli {
namespace {

struct DicomImportOptions {
  std::string dir, series, out, study;
  bool json = false;
};

void run(const DicomImportOptions& o) {
  if (o.out.empty() == o.study.empty()) throw CliFailure("give exactly one of --out IMAGE or --study DIR");
#ifndef SLICEWISE_HAS_STUDY
  if (!o.study.empty()) throw CliFailure("--study needs a build with study storage");
#endif
  const DicomScanReport scan = scanDicom(o.dir);
  OutputSet outputs;
  if (!o.out.empty()) {
    // Never over a file of the series being read.
    for (const auto& slice : chooseDicomSeries(scan, o.dir, o.series).slices) outputs.protectInput(slice.file);
    outputs.checkTarget(o.out);
  }
  const DicomImportResult r = importDicom(scan, o.dir, o.series);
  for (const auto& w : r.warnings) warn(w);
  if (!o.out.empty()) {
    writeImage(r.volume, o.out, outputs);
    outputs.commit();
  }
  if (!o.study.empty()) createStudyFromDicom(r, o.study);
  const ImageGeometry& g = r.volume.geometry();
  if (o.json)
    return printJson({{"size", g.size},
                      {"spacing", g.spacing},
                      {"origin", g.origin},
                      {"direction", g.direction},
                      {"study_uid", r.ids.studyUid},
                      {"series_uid", r.ids.seriesUid},
                      {"frame_of_reference_uid", r.ids.frameOfReferenceUid},
                      {"warnings", r.warnings},
                      {"output", o.out.empty() ? o.study : o.out}});
  std::cout << "imported " << r.slicesRead << " slices: " << g.describe() << "\n"
            << "wrote " << (o.out.empty() ? "study " + o.study : o.out) << "\n";
}

void setupDicomImport(CLI::App& root) {
  auto opts = std::make_shared<DicomImportOptions>();
  CLI::App& group = commandGroup(root, "dicom", "DICOM series and DICOM SEG import and export");
  CLI::App* cmd = group.add_subcommand("import", "Import one DICOM series as a volume or a new study");
  cmd->add_option("DIR", opts->dir, "Folder (searched recursively), DICOMDIR or DICOM file")->required();
  cmd->add_option("--series", opts->series, "SeriesInstanceUID (needed when there are several series)");
  cmd->add_option("--out", opts->out, "Output image (.nii.gz, .nrrd, .mha)");
  cmd->add_option("--study", opts->study, "Create a study folder (keeps the Study/Series/FrameOfReference UIDs)");
  cmd->add_flag("--json", opts->json, "Machine-readable output on stdout");
  cmd->callback([opts] { run(*opts); });
}

SLICEWISE_CLI_COMMAND(81, setupDicomImport)

}  // namespace
}  // namespace slicewise::cli
