// slicewise-cli queue add STUDY --predictor unet|deeplab|manet [--axis A] [--when now|tonight] [--priority N]
//   [--iterations N] [--device D] [--seed N] [--threads N] [--parameters JSON]
// slicewise-cli queue list [--json] | cancel ID | retry ID | log ID      (each with --queue PATH)
// The overnight training queue (engine/queue): jobs wait in a database on this machine and a
// worker (`slicewise-cli worker`) runs them; the study imports each finished proposal.
#if SLICEWISE_HAS_STUDY && SLICEWISE_HAS_QUEUE
#include <CLI/CLI.hpp>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "NetworkOptions.h"
#include "QueueOptions.h"
#include "queue/LocalProcessRunner.h"
#include "queue/SlurmRunner.h"
#include "queue/QueueDatabase.h"
#include "study/Study.h"
#include "study/StudyJobSubmitter.h"

namespace slicewise::cli {
namespace {

struct QueueAddOptions {
  std::string study, predictor, axis = "axial", when = "now", device = "auto", parameters, queue;
  int priority = 0;
  uint64_t seed = 0;
  bool json = false, force = false;
  NetworkOptions network;
};

struct QueueJobOptions {
  int64_t id = 0;
  std::string queue;
  bool json = false;
};

std::string isoTime(int64_t unixSeconds) {
  if (unixSeconds <= 0) return "";
  const std::time_t t = std::time_t(unixSeconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

nlohmann::json jobJson(const QueueJob& j) {
  nlohmann::json result = nlohmann::json::parse(j.resultJson, nullptr, false);
  if (result.is_discarded()) result = nlohmann::json::object();
  nlohmann::json parameters = nlohmann::json::parse(j.request.parametersJson, nullptr, false);
  if (parameters.is_discarded()) parameters = nlohmann::json::object();
  return {{"id", j.id},
          {"study", j.request.study},
          {"predictor", j.request.predictor},
          {"axis", j.request.axis},
          {"state", std::string(queueStateName(j.state))},
          {"progress", j.progress},
          {"iteration", j.iteration},
          {"iterations", j.iterations},
          {"eta_seconds", j.etaSeconds ? nlohmann::json(*j.etaSeconds) : nlohmann::json(nullptr)},
          {"loss", j.loss},
          {"priority", j.request.priority},
          {"when", std::string(queueWhenName(j.request.when))},
          {"device", j.request.device},
          {"device_used", j.deviceUsed},
          {"attempts", j.attempts},
          {"max_attempts", j.request.maxAttempts},
          {"created", isoTime(j.created)},
          {"started", isoTime(j.started)},
          {"finished", isoTime(j.finished)},
          {"worker", j.worker},
          {"runner", j.runner},
          {"runner_job_id", j.runnerJobId},
          {"runner_state", j.runnerState},
          {"folder", j.request.folder},
          {"key_state", j.request.keyState},
          {"parameters", parameters},
          {"result", result}};
}

QueueJob requireJob(QueueDatabase* queue, int64_t id) {
  std::optional<QueueJob> job;
  if (queue) job = queue->find(id);
  if (!job) throw CliFailure("the queue has no job " + std::to_string(id));
  return *job;
}

void add(const QueueAddOptions& o) {
  const std::optional<NetworkArchitecture> network = parseArchitecture(o.predictor);
  if (!network)
    throw CliFailure("the queue trains networks: --predictor unet, deeplab or manet (interpolators run at once "
                     "with `predict`)");
  StudyJobRequest request;
  request.axis = axisFromOption(o.axis);
  request.when = *queueWhenFromName(o.when);
  request.priority = o.priority;
  request.seed = o.seed;
  request.device = o.device;
  request.parameters = unetParameters(o.network);
  mergeParametersJson(request.parameters, o.parameters, o.network);
  request.parameters.architecture = *network;
  std::unique_ptr<Study> study;
  try {
    study = Study::open(o.study, Study::Mode::ReadWrite, o.force);
  } catch (const std::exception& e) {
    throw CliFailure("cannot open study '" + o.study + "': " + e.what());
  }
  for (const auto& note : study->openNotes()) warn(note);
  if (study->marks().keySlices(request.axis).empty())
    throw CliFailure("study " + study->folder() + " has no key slices on the " + std::string(axisName(request.axis)) +
                     " axis: mark slices done or empty-here first");
  const auto queue = openQueue(o.queue);
  int64_t id = 0;
  try {
    id = StudyJobSubmitter::submit(*study, *queue, request);
  } catch (const std::exception& e) {
    throw CliFailure(e.what());
  }
  const QueueJob job = *queue->find(id);
  if (o.json) return printJson({{"queue", queue->path().string()}, {"job", jobJson(job)}});
  std::cout << "job " << id << ": " << o.predictor << " on " << study->folder() << " ("
            << study->marks().keySlices(request.axis).size() << " " << o.axis << " keys, "
            << request.parameters.iterations << " iterations), "
            << (request.when == QueueWhen::Tonight ? "scheduled for tonight" : "queued") << " in "
            << queue->path().string() << "\n";
}

std::string etaText(const QueueJob& j) {
  if (j.state != QueueState::Running || !j.etaSeconds) return "-";
  const int64_t s = int64_t(*j.etaSeconds);
  std::ostringstream out;
  if (s >= 3600) out << s / 3600 << "h" << std::setw(2) << std::setfill('0') << (s % 3600) / 60 << "m";
  else if (s >= 60) out << s / 60 << "m" << std::setw(2) << std::setfill('0') << s % 60 << "s";
  else out << s << "s";
  return out.str();
}

void list(const QueueJobOptions& o) {
  const auto queue = openExistingQueue(o.queue);
  const std::vector<QueueJob> jobs = queue ? queue->list() : std::vector<QueueJob>{};
  if (o.json) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& j : jobs) array.push_back(jobJson(j));
    return printJson({{"queue", queuePathOrDefault(o.queue)}, {"jobs", array}});
  }
  if (jobs.empty()) {
    std::cout << "no jobs in " << queuePathOrDefault(o.queue) << "\n";
    return;
  }
  std::cout << std::left << std::setw(6) << "ID" << std::setw(11) << "STATE" << std::setw(9) << "PROGRESS"
            << std::setw(9) << "ETA" << std::setw(5) << "PRI" << std::setw(9) << "WHEN" << std::setw(9) << "TRIES"
            << "STUDY\n";
  for (const auto& j : jobs) {
    std::ostringstream progress;
    progress << int(j.progress * 100 + 0.5) << "%";
    std::cout << std::left << std::setw(6) << j.id << std::setw(11) << queueStateName(j.state) << std::setw(9)
              << progress.str() << std::setw(9) << etaText(j) << std::setw(5) << j.request.priority << std::setw(9)
              << queueWhenName(j.request.when) << std::setw(9)
              << (std::to_string(j.attempts) + "/" + std::to_string(j.request.maxAttempts)) << j.request.study << "\n";
  }
}

void cancel(const QueueJobOptions& o) {
  const auto queue = openExistingQueue(o.queue);
  const QueueJob job = requireJob(queue.get(), o.id);
  QueueState was;
  try {
    was = queue->cancel(o.id);
  } catch (const QueueError& e) {
    throw CliFailure(e.what());
  }
  if (was == QueueState::Running && job.runner == SlurmRunner::kName && !job.runnerJobId.empty()) {
    // A cluster job goes on without a worker: cancel it in Slurm now (its worker, if any, also
    // sees the cancellation at its next heartbeat).
    try {
      SlurmRunner::cancel(job.runnerJobId);
    } catch (const SlurmError& e) {
      throw CliFailure("cancelled job " + std::to_string(o.id) + " in the queue, but not its Slurm job " +
                       job.runnerJobId + ": " + e.what());
    }
    std::cout << "cancelled job " << o.id << " (Slurm job " << job.runnerJobId << " cancelled with scancel)\n";
    return;
  }
  std::cout << "cancelled job " << o.id
            << (was == QueueState::Running ? " (it was running: its worker stops the trainer)" : "") << "\n";
}

void retry(const QueueJobOptions& o) {
  const auto queue = openExistingQueue(o.queue);
  requireJob(queue.get(), o.id);
  try {
    queue->retry(o.id);
  } catch (const QueueError& e) {
    throw CliFailure(e.what());
  }
  const QueueJob job = *queue->find(o.id);
  std::cout << "job " << o.id << " is " << queueStateName(job.state) << " again (resumes from its checkpoint)\n";
}

void log(const QueueJobOptions& o) {
  const auto queue = openExistingQueue(o.queue);
  const QueueJob job = requireJob(queue.get(), o.id);
  if (o.json)
    return printJson({{"id", job.id}, {"state", std::string(queueStateName(job.state))}, {"log", job.log}});
  std::cout << "job " << job.id << " (" << queueStateName(job.state) << ", attempt " << job.attempts << " of "
            << job.request.maxAttempts << ")\n";
  if (!job.log.empty()) {
    std::cout << job.log << (job.log.back() == '\n' ? "" : "\n");
    return;
  }
  // No failed attempt yet: what the trainer of the current attempt wrote so far.
  std::ifstream in(std::filesystem::path(job.request.folder) / LocalProcessRunner::kLogFile);
  std::stringstream text;
  text << in.rdbuf();
  std::cout << (text.str().empty() ? "(no log yet)\n" : text.str());
}

void setupQueue(CLI::App& root) {
  CLI::App& group = commandGroup(root, "queue", "The overnight training queue: add, list, cancel, retry, log");
  {
    auto o = std::make_shared<QueueAddOptions>();
    CLI::App* cmd = group.add_subcommand("add", "Queue a network training job for a study's keys");
    cmd->add_option("STUDY", o->study, "Study folder")->required();
    cmd->add_option("--predictor", o->predictor, "Network to train: unet, deeplab or manet")->required();
    addAxisOption(*cmd, o->axis);
    cmd->add_option("--when", o->when, "now, or tonight (inside the worker's night window)")
        ->check(CLI::IsMember({"now", "tonight"}));
    cmd->add_option("--priority", o->priority, "Higher runs first (default 0)");
    cmd->add_option("--seed", o->seed, "Random seed");
    cmd->add_option("--device", o->device, "auto, cpu or cuda[:N] (a worker's --device overrides it)");
    addNetworkOptions(*cmd, o->network);
    cmd->add_option("--parameters", o->parameters,
                    "Network parameters as JSON, keys as in job.json (e.g. '{\"levels\":3,\"width\":8}')");
    addForceLockOption(*cmd, o->force);
    addQueueOption(*cmd, o->queue);
    cmd->add_flag("--json", o->json, "Machine-readable result on stdout");
    cmd->callback([o] { add(*o); });
  }
  const auto withId = [&](const char* name, const char* help, void (*action)(const QueueJobOptions&), bool json) {
    auto o = std::make_shared<QueueJobOptions>();
    CLI::App* cmd = group.add_subcommand(name, help);
    cmd->add_option("ID", o->id, "Job ID (queue list)")->required()->check(CLI::PositiveNumber);
    addQueueOption(*cmd, o->queue);
    if (json) cmd->add_flag("--json", o->json, "Machine-readable output on stdout");
    cmd->callback([o, action] { action(*o); });
  };
  {
    auto o = std::make_shared<QueueJobOptions>();
    CLI::App* cmd = group.add_subcommand("list", "List the jobs: state, progress, ETA, study");
    addQueueOption(*cmd, o->queue);
    cmd->add_flag("--json", o->json, "Machine-readable output on stdout");
    cmd->callback([o] { list(*o); });
  }
  withId("cancel", "Cancel a waiting or running job (a running trainer is stopped)", cancel, false);
  withId("retry", "Queue a failed or cancelled job again", retry, false);
  withId("log", "Show a job's log: why its attempts failed, or its trainer's output", log, true);
}

SLICEWISE_CLI_COMMAND(58, setupQueue)

}  // namespace
}  // namespace slicewise::cli
#endif
