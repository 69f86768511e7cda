// slicewise-cli worker [--device cpu|cuda[:N]] [--until HH:MM] [--once] [--window 19:00-07:00]
//   [--queue PATH] [--trainer PATH] [--threads N] [--json]
// Serves the training queue on this machine: runs one job at a time as a child process of its
// own (killed with the worker, never orphaned), heartbeats, resumes the jobs of workers that
// died, and stops at --until or on SIGTERM/SIGINT, leaving the running job to resume later.
#if SLICEWISE_HAS_QUEUE
#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "QueueOptions.h"
#include "jobs/TrainerLocator.h"
#include "queue/LocalProcessRunner.h"
#include "queue/Worker.h"

namespace slicewise::cli {
namespace {

struct WorkerCommandOptions {
  std::string device, until, window = "19:00-07:00", queue, trainer;
  int threads = 0;
  bool once = false, json = false;
  double heartbeat = 2, stale = 30, poll = 5;
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
  LocalProcessRunner runner(*trainer);
  Worker worker(*queue, runner, w);
  WorkerSummary s;
  try {
    s = worker.run();
  } catch (const QueueError& e) {
    throw CliFailure(e.what());
  }
  if (o.json)
    return printJson({{"worker", worker.id()}, {"queue", queue->path().string()}, {"done", s.done},
                      {"failed", s.failed}, {"retried", s.retried}, {"cancelled", s.cancelled},
                      {"released", s.released}, {"recovered", s.recovered}, {"adopted", s.adopted}});
  std::cout << "worker " << worker.id() << ": " << s.done << " done, " << s.failed << " failed, " << s.retried
            << " to retry, " << s.cancelled << " cancelled, " << s.released << " left to resume\n";
}

void setupWorker(CLI::App& root) {
  auto o = std::make_shared<WorkerCommandOptions>();
  CLI::App* cmd = root.add_subcommand("worker", "Run queued training jobs on this machine");
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
