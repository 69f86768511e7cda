// slicewise-cli study info DIR [--json]: image, labels, marks per axis, proposals, queue jobs,
// history. Finished queue jobs are imported first when the study can be opened writable.
#if SLICEWISE_HAS_STUDY
#include <CLI/CLI.hpp>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "study/Study.h"

namespace slicewise::cli {
namespace {

struct StudyInfoOptions {
  std::string dir;
  bool json = false;
};

std::string isoTime(int64_t unixSeconds) {
  const std::time_t t = std::time_t(unixSeconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

nlohmann::json marksJson(const SliceMarks& marks, SliceAxis axis) {
  nlohmann::json done = nlohmann::json::array(), empty = nlohmann::json::array();
  nlohmann::json accepted = nlohmann::json::array(), corrected = nlohmann::json::array(),
                 rejected = nlohmann::json::array();
  for (const auto& [index, m] : marks.onAxis(axis)) {
    if (m.annotation == AnnotationState::Done) done.push_back(index);
    if (m.annotation == AnnotationState::EmptyHere) empty.push_back(index);
    if (m.review == ReviewState::Accepted) accepted.push_back(index);
    if (m.review == ReviewState::Corrected) corrected.push_back(index);
    if (m.review == ReviewState::Rejected) rejected.push_back(index);
  }
  return {{"to_annotate", marks.worklist(axis)}, {"done", done}, {"empty_here", empty},
          {"accepted", accepted}, {"corrected", corrected}, {"rejected", rejected}};
}

nlohmann::json describe(const Study& s) {
  const ImageGeometry& g = s.geometry();
  nlohmann::json labels = nlohmann::json::array();
  for (const auto& [id, count] : s.labels().labelCounts())
    labels.push_back({{"id", id}, {"name", s.labelTable().infoOrDefault(id).name}, {"voxels", count}});
  nlohmann::json marks;
  for (SliceAxis axis : kAllAxes) marks[std::string(axisName(axis))] = marksJson(s.marks(), axis);
  nlohmann::json proposals = nlohmann::json::array();
  for (const ProposalSummary& p : s.proposals())
    proposals.push_back({{"id", p.id}, {"predictor", p.predictor}, {"axis", std::string(axisName(p.axis))},
                         {"created", isoTime(p.createdUnixSeconds)}, {"slices", p.slices},
                         {"keys", p.keySlices}, {"stale", s.isStale(p)}});
  nlohmann::json queueJobs = nlohmann::json::array();
  for (const StudyQueueJob& q : s.queueJobs())
    queueJobs.push_back({{"queue", q.queuePath}, {"job_id", q.jobId}, {"predictor", q.predictor},
                         {"axis", std::string(axisName(q.axis))}, {"submitted", isoTime(q.submittedUnixSeconds)},
                         {"state", q.state}, {"proposal_id", q.proposalId}, {"folder", q.folder}});
  nlohmann::json dicom = nullptr;
  if (auto d = s.dicomIdentity())
    dicom = {{"study_instance_uid", d->studyInstanceUid}, {"series_instance_uid", d->seriesInstanceUid},
             {"frame_of_reference_uid", d->frameOfReferenceUid}};
  return {{"study", s.folder()},
          {"schema_version", s.schemaVersion()},
          {"image", {{"path", s.imagePath()}, {"copied", s.image().copied},
                     {"size_bytes", s.image().sizeBytes}, {"sha256", s.image().sha256},
                     {"size", g.size}, {"spacing", g.spacing}, {"origin", g.origin},
                     {"direction", g.direction}}},
          {"dicom", dicom},
          {"labels", labels},
          {"provenance", {{"drawn", s.provenance().count(VoxelOrigin::Drawn)},
                          {"accepted", s.provenance().count(VoxelOrigin::Accepted)}}},
          {"marks", marks},
          {"proposals", proposals},
          {"queue_jobs", queueJobs},
          {"history_length", s.historyLength()}};
}

std::string sliceList(const nlohmann::json& list) {
  if (list.empty()) return "-";
  std::string out;
  for (const auto& v : list) out += (out.empty() ? "" : ",") + std::to_string(v.get<int64_t>());
  return out;
}

// Read-only unless finished queue jobs wait: then writable, which imports them (DESIGN §2). A
// study open elsewhere or on read-only media lists them as waiting instead.
std::unique_ptr<Study> openImporting(const std::string& dir, int* waiting) {
  auto study = Study::open(dir, Study::Mode::ReadOnly);
  *waiting = study->importFinishedJobs().waiting;
  if (*waiting == 0) return study;
  std::unique_ptr<Study> writable;
  try {
    study.reset();
    writable = Study::open(dir, Study::Mode::ReadWrite);
  } catch (const StudyError& e) {
    warn(std::to_string(*waiting) + " finished queue job(s) wait to be imported: " + e.what());
    return Study::open(dir, Study::Mode::ReadOnly);
  }
  for (const auto& note : writable->openNotes()) warn(note);
  *waiting = 0;
  return writable;
}

void run(const StudyInfoOptions& o) {
  int waiting = 0;
  const auto study = openImporting(o.dir, &waiting);
  nlohmann::json j = describe(*study);
  j["imports_waiting"] = waiting;
  if (o.json) return printJson(j);
  std::cout << "study      " << study->folder() << " (schema " << study->schemaVersion() << ")\n"
            << "image      " << study->imagePath() << (study->image().copied ? " (copied in)" : "")
            << "\n           " << study->geometry().describe() << "\n";
  if (auto d = study->dicomIdentity()) std::cout << "DICOM      series " << d->seriesInstanceUid << "\n";
  std::cout << "labels     ";
  if (j["labels"].empty()) std::cout << "(none)";
  for (const auto& l : j["labels"])
    std::cout << l["id"].get<int>() << " " << l["name"].get<std::string>() << " ("
              << l["voxels"].get<uint64_t>() << ")  ";
  std::cout << "\n";
  for (SliceAxis axis : kAllAxes) {
    const nlohmann::json& m = j["marks"][std::string(axisName(axis))];
    std::cout << std::left << std::setw(11) << axisName(axis) << "to-annotate " << sliceList(m["to_annotate"])
              << "; done " << sliceList(m["done"]) << "; empty-here " << sliceList(m["empty_here"]) << "\n";
  }
  std::cout << "proposals  " << j["proposals"].size() << "\n";
  for (const auto& p : j["proposals"])
    std::cout << "  #" << p["id"].get<int64_t>() << " " << p["predictor"].get<std::string>() << " ("
              << p["axis"].get<std::string>() << ", " << p["slices"].get<int64_t>() << " slices, "
              << p["created"].get<std::string>() << ")"
              << (p["stale"].get<bool>() ? ", stale: its keys changed since it was computed" : "") << "\n";
  for (const auto& q : j["queue_jobs"])
    std::cout << "queue job  " << q["job_id"].get<int64_t>() << " " << q["predictor"].get<std::string>() << " ("
              << q["axis"].get<std::string>() << ", " << q["submitted"].get<std::string>() << "): "
              << q["state"].get<std::string>()
              << (q["proposal_id"].get<int64_t>() > 0 ? " as proposal #" + std::to_string(q["proposal_id"].get<int64_t>()) : "")
              << "\n";
  std::cout << "history    " << j["history_length"].get<int64_t>() << " saves\n";
}

void setupStudyInfo(CLI::App& root) {
  auto opts = std::make_shared<StudyInfoOptions>();
  CLI::App& group = commandGroup(root, "study", "Study folders: create, inspect, annotate, export");
  CLI::App* cmd = group.add_subcommand("info", "Summarise a study: image, labels, marks, proposals");
  cmd->add_option("DIR", opts->dir, "Study folder")->required();
  cmd->add_flag("--json", opts->json, "Machine-readable output on stdout");
  cmd->callback([opts] { run(*opts); });
}

SLICEWISE_CLI_COMMAND(201, setupStudyInfo)

}  // namespace
}  // namespace slicewise::cli
#endif
