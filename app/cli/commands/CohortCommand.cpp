// slicewise-cli cohort create DIR [--labels FILE]
// slicewise-cli cohort add DIR IMAGE|STUDY|DICOM_DIR ...
// slicewise-cli cohort status DIR [--json] | next DIR [--json]
// Many studies in one workflow (engine/cohort): stages, the next study to work on.
#if SLICEWISE_HAS_COHORT
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "CliSupport.h"
#include "CohortJson.h"
#include "CommandRegistry.h"
#include "cohort/Cohort.h"
#include "cohort/CohortError.h"
#include "cohort/CohortPlanner.h"
#include "io/DicomScanner.h"
#include "io/LabelDescriptionIO.h"
#include "study/Study.h"

namespace slicewise::cli {
namespace {

struct CohortOptions {
  std::string dir, labels;
  std::vector<std::string> inputs;
  bool json = false;
};

std::unique_ptr<Cohort> openCohort(const std::string& dir) {
  auto cohort = Cohort::open(dir);
  for (const auto& note : cohort->openNotes()) warn(note);
  return cohort;
}

void create(const CohortOptions& o) {
  LabelTable table;
  if (!o.labels.empty()) table = readLabelDescriptions(o.labels);
  const auto cohort = Cohort::create(o.dir, table);
  std::cout << "created cohort " << cohort->folder() << " (" << table.size() << " labels)\n";
}

void add(const CohortOptions& o) {
  const auto cohort = openCohort(o.dir);
  nlohmann::json added = nlohmann::json::array();
  for (const std::string& input : o.inputs) {
    std::error_code ec;
    if (!std::filesystem::exists(input, ec)) throw CliFailure(input + " does not exist");
    if (Study::isStudy(input)) {
      added.push_back(cohort->addStudy(input));
    } else if (std::filesystem::is_directory(input, ec)) {
      std::vector<std::string> notes;
      const auto folders = cohort->addDicom(input, &notes, [&](const std::string& f) {
        if (!o.json) std::cout << "added " << f << "\n" << std::flush;
      });
      for (const auto& n : notes) warn(n);
      for (const auto& f : folders) added.push_back(f);
      continue;
    } else {
      added.push_back(cohort->addImage(input));
    }
    if (!o.json) std::cout << "added " << added.back().get<std::string>() << "\n";
  }
  if (o.json) printJson({{"added", added}});
}

void status(const CohortOptions& o) {
  const auto cohort = openCohort(o.dir);
  const auto studies = cohort->status();
  const CohortTotals totals = Cohort::totals(studies);
  if (o.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : studies) list.push_back(cohortStudyJson(s));
    printJson({{"cohort", cohort->folder()}, {"studies", list}, {"totals", cohortTotalsJson(totals)}});
    return;
  }
  std::cout << std::left << std::setw(28) << "study" << std::setw(12) << "stage" << "progress\n";
  for (const auto& s : studies) {
    std::cout << std::setw(28) << s.entry.name << std::setw(12)
              << (s.error.empty() ? std::string(studyStageName(s.progress.stage)) : "unreadable")
              << (s.error.empty() ? s.progress.describe() : s.error);
    for (const auto& c : s.labelConflicts) std::cout << "  [label conflict: " << c << "]";
    std::cout << "\n";
  }
  std::cout << totals.studies << " studies; " << totals.drawn << " slices drawn, " << totals.accepted
            << " accepted, " << totals.corrected << " corrected; effort so far " << totals.effortSlices
            << " slices by hand";
  if (totals.slices > 0)
    std::cout << " (" << std::fixed << std::setprecision(1) << 100.0 * totals.effortSlices / double(totals.slices)
              << " % of " << totals.slices << ")";
  std::cout << "\n";
}

void next(const CohortOptions& o) {
  const auto cohort = openCohort(o.dir);
  const auto studies = cohort->status();
  const CohortNextChoice choice = CohortPlanner::next(studies);
  if (o.json) {
    printJson({{"study", choice.index ? cohortStudyJson(studies[*choice.index]) : nlohmann::json(nullptr)},
               {"reason", choice.reason}});
    return;
  }
  if (choice.index)
    std::cout << studies[*choice.index].folder << "\n  " << choice.reason << "\n";
  else
    std::cout << choice.reason << "\n";
}

void setupCohort(CLI::App& root) {
  CLI::App& group = commandGroup(root, "cohort", "Many studies in one workflow: status, next, queue, export");
  const auto withDir = [&](const char* name, const char* help, void (*action)(const CohortOptions&)) {
    auto o = std::make_shared<CohortOptions>();
    CLI::App* cmd = group.add_subcommand(name, help);
    cmd->add_option("DIR", o->dir, "Cohort folder")->required();
    cmd->callback([o, action] { action(*o); });
    return std::make_pair(cmd, o);
  };
  {
    auto [cmd, o] = withDir("create", "Make a cohort folder with its label table", create);
    cmd->add_option("--labels", o->labels, "Label names and colours: ITK-SNAP .label file or .labels.json sidecar");
  }
  {
    auto [cmd, o] = withDir("add", "Add images, study folders or DICOM folders (one study per series)", add);
    cmd->add_option("INPUT", o->inputs, "Image file, study folder or DICOM folder")->required();
    cmd->add_flag("--json", o->json, "Machine-readable output on stdout");
  }
  {
    auto [cmd, o] = withDir("status", "Each study's stage and progress, and the cohort's totals", status);
    cmd->add_flag("--json", o->json, "Machine-readable output on stdout");
  }
  {
    auto [cmd, o] = withDir("next", "Which study to work on now, and why", next);
    cmd->add_flag("--json", o->json, "Machine-readable output on stdout");
  }
}

SLICEWISE_CLI_COMMAND(210, setupCohort)

}  // namespace
}  // namespace slicewise::cli
#endif
