// slicewise-cli dicom list DIR [--json] [--show-patient]: the series found under a folder or
// DICOMDIR. The patient name is left out unless --show-patient asks for it, so lists pasted into
// tickets or logs identify nobody.
#include <CLI/CLI.hpp>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "io/DicomScanner.h"
#include "io/DicomSliceArrangement.h"
#include "io/IoError.h"

namespace slicewise::cli {
namespace {

struct DicomListOptions {
  std::string dir;
  bool json = false, showPatient = false;
};

std::string formatted(double v) {
  std::ostringstream s;
  s << std::setprecision(4) << v;
  return s.str();
}

nlohmann::json describe(const DicomSeriesInfo& s, bool showPatient) {
  nlohmann::json j = {{"study_uid", s.studyUid},
                      {"series_uid", s.seriesUid},
                      {"frame_of_reference_uid", s.frameOfReferenceUid},
                      {"series_number", s.seriesNumber},
                      {"study_date", s.studyDate},
                      {"modality", s.modality},
                      {"description", s.description},
                      {"images", s.instanceCount},
                      {"frames", s.slices.size()}};
  if (showPatient) j["patient_name"] = s.patientName;
  try {
    const DicomSliceArrangement layout = arrangeDicomSlices(s.slices);
    j["size"] = layout.geometry.size;
    j["spacing"] = layout.geometry.spacing;
    j["warnings"] = layout.warnings;
  } catch (const IoError& e) {
    j["size"] = nullptr;
    j["spacing"] = nullptr;
    j["problem"] = e.what();
  }
  return j;
}

void run(const DicomListOptions& o) {
  const DicomScanReport report = scanDicom(o.dir);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : report.series) list.push_back(describe(s, o.showPatient));
  nlohmann::json unreadable = nlohmann::json::array();
  for (const auto& u : report.unreadable) unreadable.push_back({{"file", u.file}, {"reason", u.reason}});
  if (o.json)
    return printJson({{"series", list},
                      {"files", report.filesSeen},
                      {"not_dicom", report.notDicom},
                      {"non_image", report.nonImage},
                      {"unreadable", unreadable}});
  for (const auto& u : report.unreadable) warn("skipped '" + u.file + "': " + u.reason);
  std::cerr << summarizeDicomScan(report) << "\n";
  if (list.empty()) {
    std::cout << "(no DICOM image series)\n";
    return;
  }
  for (const auto& j : list) {
    auto uid = [](const nlohmann::json& v) { return v.get<std::string>().empty() ? std::string("(none)") : v.get<std::string>(); };
    std::cout << "series   " << uid(j["series_uid"]) << "\n"
              << "  study    " << uid(j["study_uid"]) << " (date "
              << (j["study_date"].get<std::string>().empty() ? "-" : j["study_date"].get<std::string>()) << ")\n";
    if (o.showPatient) std::cout << "  patient  " << j["patient_name"].get<std::string>() << "\n";
    std::cout << "  modality " << j["modality"].get<std::string>() << ", number " << j["series_number"].get<int>()
              << ", \"" << j["description"].get<std::string>() << "\"\n"
              << "  images   " << j["images"].get<int>() << " file(s), " << j["frames"].get<size_t>() << " slice(s)\n";
    if (j["size"].is_null()) {
      std::cout << "  problem  " << j["problem"].get<std::string>() << "\n";
    } else {
      std::cout << "  size     " << j["size"][0] << " x " << j["size"][1] << " x " << j["size"][2] << "\n"
                << "  spacing  " << formatted(j["spacing"][0]) << " x " << formatted(j["spacing"][1]) << " x "
                << formatted(j["spacing"][2]) << " mm\n";
      for (const auto& w : j["warnings"]) std::cout << "  warning  " << w.get<std::string>() << "\n";
    }
  }
}

void setupDicomList(CLI::App& root) {
  auto opts = std::make_shared<DicomListOptions>();
  CLI::App& group = commandGroup(root, "dicom", "DICOM series and DICOM SEG import and export");
  CLI::App* cmd = group.add_subcommand("list", "List the DICOM series in a folder or DICOMDIR");
  cmd->add_option("DIR", opts->dir, "Folder (searched recursively), DICOMDIR or DICOM file")->required();
  cmd->add_flag("--json", opts->json, "Machine-readable output on stdout");
  cmd->add_flag("--show-patient", opts->showPatient, "Also print the patient name (hidden by default)");
  cmd->callback([opts] { run(*opts); });
}

SLICEWISE_CLI_COMMAND(80, setupDicomList)

}  // namespace
}  // namespace slicewise::cli
