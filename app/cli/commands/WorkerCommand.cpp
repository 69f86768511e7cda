// slicewise-cli worker [--runner local|slurm] [--device cpu|cuda[:N]] [--until HH:MM] [--once]
//   [--window 19:00-07:00] [--queue PATH] [--trainer PATH] [--threads N] [--json]
//   slurm: [--partition P] [--gres gpu:1] [--jobs-root DIR] [--max-submitted N] [--no-array]
// Serves the training queue. The local runner trains one job at a time as a child process of
// the worker (killed with it, never orphaned); the Slurm runner submits the due jobs to a
// cluster with sbatch (several at once as one job array) and follows them. The worker
// heartbeats, resumes the jobs of workers that died (re-following cluster jobs that outlived
// them), and stops at --until or on SIGTERM/SIGINT: a local trainer checkpoints and resumes
// later, a cluster job goes on and the next worker follows it.
#if SLICEWISE_HAS_QUEUE
#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "QueueOptions.h"
#include "jobs/TrainerLocator.h"
#include "queue/LocalProcessRunner.h"
#include "queue/SlurmRunner.h"
#include "queue/Worker.h"

namespace slicewise::cli {
namespace {

namespace fs = std::filesystem;

struct WorkerCommandOptions {
  std::string device, until, window = "19:00-07:00", queue, trainer;
  std::string runner = "local", partition, gres, jobsRoot;
  int threads = 0, maxSubmitted = 100, aliveSeconds = 15;
  bool once = false, json = false, noArray = false;
  double heartbeat = 2, stale = 30, poll = 5, lostAfter = 120, secondsPerIteration = 1;
};

std::atomic<bool> stopRequested{false};

extern "C" void requestStop(int) { stopRequested.store(true); }

void say(const std::string& line) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char stamp[16];
  std::strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
  std::cerr << stamp << " " << line << std::endl;
}

void run(const WorkerCommandOptions& o) {
  WorkerOptions w;
  w.device = o.device == "auto" ? std::string() : o.device;
  w.threads = o.threads;
  w.once = o.once;
  w.heartbeatSeconds = o.heartbeat;
  w.staleSeconds = o.stale;
  w.idlePollSeconds = o.poll;
  if (const auto window = ScheduleWindow::parse(o.window)) w.window = *window;
  else throw CliFailure("--window '" + o.window + "' is not HH:MM-HH:MM (e.g. 19:00-07:00)");
  if (!o.until.empty()) {
    w.untilMinute = parseTimeOfDay(o.until);
    if (!w.untilMinute) throw CliFailure("--until '" + o.until + "' is not HH:MM (e.g. 07:00)");
  }
  std::string reason;
  const auto trainer = TrainerLocator::find(o.trainer, &reason);
  if (!trainer) throw CliFailure(reason);
  const auto queue = openQueue(o.queue);
  w.report = say;
  w.stopRequested = &stopRequested;
  struct sigaction stop {};
  stop.sa_handler = requestStop;
  ::sigaction(SIGTERM, &stop, nullptr);
  ::sigaction(SIGINT, &stop, nullptr);
  std::unique_ptr<TrainingRunner> runner;
  if (o.runner == "slurm") {
    SlurmRunnerOptions s;
    s.trainer = fs::absolute(*trainer);
    s.partition = o.partition;
    s.gres = o.gres;
    s.maxSubmitted = o.maxSubmitted;
    s.arrays = !o.noArray;
    s.pollSeconds = o.heartbeat;
    s.aliveSeconds = o.aliveSeconds;
    s.lostAfterSeconds = o.lostAfter;
    s.secondsPerIteration = o.secondsPerIteration;
    auto slurm = std::make_unique<SlurmRunner>(s);
    try {
      slurm->checkReachable();
    } catch (const SlurmError& e) {
      throw CliFailure(e.what());
    }
    runner = std::move(slurm);
  } else {
    if (!o.partition.empty() || !o.gres.empty())
      throw CLI::ValidationError("--partition and --gres are for --runner slurm");
    runner = std::make_unique<LocalProcessRunner>(*trainer);
  }
  if (!o.jobsRoot.empty()) {
    std::error_code ec;
    w.jobsRoot = fs::absolute(o.jobsRoot);
    if (!fs::is_directory(w.jobsRoot, ec))
      throw CliFailure("--jobs-root " + o.jobsRoot + " is not a folder (create it on storage every node sees)");
  }
  Worker worker(*queue, *runner, w);
  WorkerSummary s;
  try {
    s = worker.run();
  } catch (const QueueError& e) {
    throw CliFailure(e.what());
  } catch (const SlurmError& e) {
    throw CliFailure(e.what());
  }
  if (o.json)
    return printJson({{"worker", worker.id()}, {"queue", queue->path().string()}, {"done", s.done},
                      {"failed", s.failed}, {"retried", s.retried}, {"cancelled", s.cancelled},
                      {"released", s.released}, {"recovered", s.recovered}, {"adopted", s.adopted},
                      {"left_running", s.leftRunning}, {"runner", runner->name()}});
  std::cout << "worker " << worker.id() << ": " << s.done << " done, " << s.failed << " failed, " << s.retried
            << " to retry, " << s.cancelled << " cancelled, " << s.released << " left to resume";
  if (s.leftRunning > 0) std::cout << ", " << s.leftRunning << " left running in " << runner->name();
  std::cout << "\n";
}

void setupWorker(CLI::App& root) {
  auto o = std::make_shared<WorkerCommandOptions>();
  CLI::App* cmd = root.add_subcommand("worker", "Run queued training jobs on this machine or through Slurm");
  cmd->add_option("--runner", o->runner, "local (a trainer process here, default) or slurm (sbatch to a cluster)")
      ->check(CLI::IsMember({"local", "slurm"}));
  cmd->add_option("--partition", o->partition, "Slurm partition for the jobs (default: the cluster's default)");
  cmd->add_option("--gres", o->gres, "Slurm generic resources per job, e.g. gpu:1");
  cmd->add_option("--jobs-root", o->jobsRoot,
                  "Move job folders here before they start: storage every cluster node sees (the queue "
                  "database stays where it is)");
  cmd->add_option("--max-submitted", o->maxSubmitted, "Slurm jobs one worker keeps submitted at once (default 100)")
      ->check(CLI::Range(1, 100000));
  cmd->add_flag("--no-array", o->noArray, "Submit each job with its own sbatch instead of one job array");
  cmd->add_option("--alive-seconds", o->aliveSeconds,
                  "How often a running Slurm job touches its sign-of-life file (default 15)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--lost-after-seconds", o->lostAfter,
                  "A Slurm job listed as running without a sign of life for this long is lost (default 120)")
      ->check(CLI::Range(1.0, 86400.0));
  cmd->add_option("--seconds-per-iteration", o->secondsPerIteration,
                  "For a Slurm job's --time before the job was measured (default 1; the limit is 1.5 x the "
                  "estimate + 10 min)")
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--device", o->device, "cpu or cuda[:N] for every job (default: each job's own)");
  cmd->add_option("--until", o->until, "Stop at this local time, HH:MM (the running job resumes later)");
  cmd->add_flag("--once", o->once, "Return when no job is runnable (instead of waiting for more)");
  cmd->add_option("--window", o->window, "When jobs queued for tonight may start, HH:MM-HH:MM (default 19:00-07:00)");
  cmd->add_option("--trainer", o->trainer,
                  "Trainer executable (default $SLICEWISE_TRAINER, else slicewise-train beside this program)");
  cmd->add_option("--threads", o->threads, "CPU threads per job (default: the job's, normally every core)")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--heartbeat-seconds", o->heartbeat, "How often the worker records that it is alive (default 2)")
      ->check(CLI::Range(0.05, 600.0));
  cmd->add_option("--stale-seconds", o->stale,
                  "After how long without a heartbeat another worker's job counts as abandoned (default 30)")
      ->check(CLI::Range(0.5, 86400.0));
  cmd->add_option("--poll-seconds", o->poll, "How often an idle worker looks for jobs (default 5)")
      ->check(CLI::Range(0.05, 3600.0));
  addQueueOption(*cmd, o->queue);
  cmd->add_flag("--json", o->json, "Machine-readable summary on stdout");
  cmd->callback([o] { run(*o); });
}

SLICEWISE_CLI_COMMAND(59, setupWorker)

}  // namespace
}  // namespace slicewise::cli
#endif
