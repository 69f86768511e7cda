// slicewise-cli cohort queue DIR [--when now|tonight] [--predictor unet|deeplab|manet] [--cold]
//   [--no-cohort-model] [--iterations N] [--parameters JSON] [--queue PATH] [--json]
// slicewise-cli cohort export DIR --out DIR [--json]
#if SLICEWISE_HAS_COHORT
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "NetworkOptions.h"
#include "QueueOptions.h"
#include "cohort/Cohort.h"
#include "cohort/CohortExporter.h"
#include "cohort/CohortScheduler.h"
#include "queue/QueueDatabase.h"

namespace slicewise::cli {
namespace {

struct CohortQueueOptions {
  std::string dir, when = "tonight", predictor = "unet", device = "auto", queue, out, parameters;
  uint64_t seed = 0;
  bool cold = false, noModel = false, json = false;
  NetworkOptions network;
};

void queueCohort(const CohortQueueOptions& o) {
  auto cohort = Cohort::open(o.dir);
  for (const auto& note : cohort->openNotes()) warn(note);
  const auto queue = openQueue(o.queue);
  CohortQueueRequest request;
  request.job.when = *queueWhenFromName(o.when);
  request.job.seed = o.seed;
  request.job.device = o.device;
  request.job.parameters = unetParameters(o.network);
  mergeParametersJson(request.job.parameters, o.parameters, o.network);
  request.job.parameters.architecture = *parseArchitecture(o.predictor);
  request.warmStart = !o.cold;
  request.trainCohortModel = !o.noModel;
  const CohortQueueReport report = CohortScheduler::queue(*cohort, *queue, request);
  for (const auto& n : report.notes) warn(n);
  if (o.json) {
    nlohmann::json jobs = nlohmann::json::array();
    for (const auto& q : report.queued) jobs.push_back({{"study", q.study}, {"job", q.jobId}, {"warm_start", q.warm}});
    printJson({{"queued", jobs},
               {"cohort_model_job", report.modelJobId ? nlohmann::json(report.modelJobId) : nlohmann::json(nullptr)},
               {"queue", queue->path().string()}});
    return;
  }
  for (const auto& q : report.queued)
    std::cout << "queued job " << q.jobId << " for " << q.study << (q.warm ? " (warm start from the cohort model)" : "")
              << "\n";
  if (report.queued.empty()) std::cout << "no study has keys waiting for a prediction\n";
}

void exportCohort(const CohortQueueOptions& o) {
  auto cohort = Cohort::open(o.dir);
  const CohortExportReport report = CohortExporter::exportFinished(*cohort, o.out);
  if (o.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : report.rows)
      rows.push_back({{"study", r.name}, {"stage", r.stage}, {"labels", r.labels}, {"dicom_seg", r.dicomSeg},
                      {"note", r.note}});
    printJson({{"folder", report.folder}, {"exported", report.exported}, {"studies", rows}});
    return;
  }
  for (const auto& r : report.rows)
    std::cout << r.name << ": " << (r.labels.empty() ? "skipped" : r.labels + (r.dicomSeg.empty() ? "" : ", " + r.dicomSeg))
              << (r.note.empty() ? "" : " (" + r.note + ")") << "\n";
  std::cout << "exported " << report.exported << " of " << report.rows.size() << " studies to " << report.folder
            << " (manifest.csv)\n";
}

void setupCohortQueue(CLI::App& root) {
  CLI::App& group = commandGroup(root, "cohort", "Many studies in one workflow: status, next, queue, export");
  {
    auto o = std::make_shared<CohortQueueOptions>();
    CLI::App* cmd = group.add_subcommand("queue", "Queue every study with keys and no current proposal");
    cmd->add_option("DIR", o->dir, "Cohort folder")->required();
    cmd->add_option("--when", o->when, "now, or tonight (default: inside the worker's night window)")
        ->check(CLI::IsMember({"now", "tonight"}));
    cmd->add_option("--predictor", o->predictor, "Network: unet (default), deeplab or manet")
        ->check(CLI::IsMember({"unet", "deeplab", "manet"}));
    cmd->add_option("--device", o->device, "auto, cpu or cuda[:N]");
    cmd->add_option("--seed", o->seed, "Random seed");
    cmd->add_flag("--cold", o->cold, "Start every network from scratch, not from the cohort model");
    cmd->add_flag("--no-cohort-model", o->noModel, "Do not queue a new cohort model for the finished studies");
    addNetworkOptions(*cmd, o->network);
    cmd->add_option("--parameters", o->parameters,
                    "Network parameters as JSON, keys as in job.json (e.g. '{\"levels\":3,\"width\":8}')");
    addQueueOption(*cmd, o->queue);
    cmd->add_flag("--json", o->json, "Machine-readable output on stdout");
    cmd->callback([o] { queueCohort(*o); });
  }
  {
    auto o = std::make_shared<CohortQueueOptions>();
    CLI::App* cmd = group.add_subcommand("export", "Write the finished studies' labels, DICOM SEG and a manifest");
    cmd->add_option("DIR", o->dir, "Cohort folder")->required();
    cmd->add_option("--out", o->out, "New folder to write (absent or empty)")->required();
    cmd->add_flag("--json", o->json, "Machine-readable output on stdout");
    cmd->callback([o] { exportCohort(*o); });
  }
}

SLICEWISE_CLI_COMMAND(211, setupCohortQueue)

}  // namespace
}  // namespace slicewise::cli
#endif
