// slicewise-cli pacs find [--level patient|study|series] [--patient-id ID] [--patient-name NAME]
//   [--date-from D] [--date-to D] [--modality M] [--accession A] [--description TEXT]
//   [--study-uid UID] [--series-uid UID] (node options) [--json]
// C-FIND. Patient names are matched but never printed: results pasted into tickets or logs
// identify nobody by name (the app's Query PACS dialog shows them to the person choosing).
#include <CLI/CLI.hpp>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "PacsNodeOptions.h"
#include "pacs/PacsClient.h"
#include "pacs/PacsError.h"

namespace slicewise::cli {
namespace {

struct FindOptions {
  PacsNodeOptions node;
  std::string level = "study";
  PacsQuery query;
  bool json = false;
};

nlohmann::json toJson(const PacsRecord& r) {
  nlohmann::json j = {{"level", pacsLevelName(r.level)}, {"patient_id", r.patientId}};
  if (r.level == PacsLevel::Patient) {
    j["studies"] = r.studies;
    return j;
  }
  j.update({{"study_uid", r.studyUid},
            {"study_date", r.studyDate},
            {"study_time", r.studyTime},
            {"study_description", r.studyDescription},
            {"accession_number", r.accessionNumber}});
  if (r.level == PacsLevel::Study) {
    j.update({{"modalities", r.modalitiesInStudy}, {"series", r.series}, {"images", r.instances}});
  } else {
    j.update({{"series_uid", r.seriesUid},
              {"modality", r.modality},
              {"series_number", r.seriesNumber},
              {"series_description", r.seriesDescription},
              {"images", r.instances}});
  }
  return j;
}

std::string count(int n) { return n < 0 ? "-" : std::to_string(n); }

void printTable(const std::vector<PacsRecord>& records, PacsLevel level) {
  std::cout << std::left;
  if (level == PacsLevel::Patient) {
    std::cout << std::setw(20) << "patient id" << "studies\n";
    for (const PacsRecord& r : records) std::cout << std::setw(20) << r.patientId << count(r.studies) << "\n";
  } else if (level == PacsLevel::Study) {
    std::cout << std::setw(10) << "date" << std::setw(16) << "patient id" << std::setw(14) << "accession"
              << std::setw(10) << "modality" << std::setw(8) << "series" << std::setw(8) << "images"
              << std::setw(24) << "description" << "study uid\n";
    for (const PacsRecord& r : records)
      std::cout << std::setw(10) << r.studyDate << std::setw(16) << r.patientId << std::setw(14) << r.accessionNumber
                << std::setw(10) << r.modalitiesInStudy << std::setw(8) << count(r.series) << std::setw(8)
                << count(r.instances) << std::setw(24) << r.studyDescription << r.studyUid << "\n";
  } else {
    std::cout << std::setw(10) << "date" << std::setw(16) << "patient id" << std::setw(10) << "modality"
              << std::setw(8) << "number" << std::setw(8) << "images" << std::setw(24) << "description"
              << "series uid\n";
    for (const PacsRecord& r : records)
      std::cout << std::setw(10) << r.studyDate << std::setw(16) << r.patientId << std::setw(10) << r.modality
                << std::setw(8) << count(r.seriesNumber) << std::setw(8) << count(r.instances) << std::setw(24)
                << r.seriesDescription << r.seriesUid << "\n";
  }
  std::cerr << records.size() << (records.size() == 1 ? " match\n" : " matches\n");
}

void run(FindOptions o) {
  const auto level = parsePacsLevel(o.level);
  o.query.level = level.value_or(PacsLevel::Study);
  const PacsNode node = resolvePacsNode(o.node);
  std::vector<PacsRecord> records;
  try {
    records = PacsClient(node).find(o.query);
  } catch (const PacsError& e) {
    throw CliFailure(e.what());
  }
  if (o.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const PacsRecord& r : records) list.push_back(toJson(r));
    return printJson({{"node", describePacsNode(node)}, {"level", o.level}, {"matches", list}});
  }
  printTable(records, o.query.level);
}

void setupPacsFind(CLI::App& root) {
  auto opts = std::make_shared<FindOptions>();
  CLI::App& group = commandGroup(root, "pacs", "Query and retrieve images from a PACS, send DICOM SEG back");
  CLI::App* cmd = group.add_subcommand("find", "Search a PACS (C-FIND); patient names are matched, never printed");
  addPacsNodeOptions(*cmd, opts->node);
  cmd->add_option("--level", opts->level, "patient, study (default) or series")
      ->check(CLI::IsMember({"patient", "study", "series"}));
  cmd->add_option("--patient-id", opts->query.patientId, "Patient ID (* and ? are wildcards)");
  cmd->add_option("--patient-name", opts->query.patientName, "Patient name, matched from its start (DOE^J)");
  cmd->add_option("--date-from", opts->query.dateFrom, "Study date from (YYYYMMDD or YYYY-MM-DD)");
  cmd->add_option("--date-to", opts->query.dateTo, "Study date up to");
  cmd->add_option("--modality", opts->query.modality, "Modality (CT, MR, SEG, ...)");
  cmd->add_option("--accession", opts->query.accessionNumber, "Accession number");
  cmd->add_option("--description", opts->query.description, "Study (or series) description contains this text");
  cmd->add_option("--study-uid", opts->query.studyUid, "StudyInstanceUID (series of one study)");
  cmd->add_option("--series-uid", opts->query.seriesUid, "SeriesInstanceUID");
  cmd->add_flag("--json", opts->json, "Machine-readable output on stdout");
  cmd->callback([opts] { run(*opts); });
}

SLICEWISE_CLI_COMMAND(86, setupPacsFind)

}  // namespace
}  // namespace slicewise::cli
