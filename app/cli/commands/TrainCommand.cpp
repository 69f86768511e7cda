// slicewise-cli train JOBDIR [--trainer PATH] [--device D] [--threads N] [--quiet] [--json]
// Runs a job folder with the trainer executable (DESIGN §2: --trainer, else $SLICEWISE_TRAINER,
// else slicewise-train beside this program), as the queue's workers do; a killed run resumes.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "jobs/JobFolder.h"
#include "jobs/TrainerLocator.h"

extern char** environ;

namespace slicewise::cli {
namespace {

struct TrainOptions {
  std::string folder, trainer, device;
  int threads = 0;
  bool quiet = false, json = false;
};

volatile sig_atomic_t trainerPid = 0;

// Ctrl-C reaches the trainer through the terminal's process group; a SIGTERM sent to this
// program alone is passed on, so the trainer checkpoints before it stops.
extern "C" void forwardTermination(int) {
  if (trainerPid > 0) ::kill(pid_t(trainerPid), SIGTERM);
}

int runTrainer(const std::string& trainer, const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(trainer.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  struct sigaction ignore {}, forward {}, oldInt {}, oldTerm {};
  ignore.sa_handler = SIG_IGN;
  forward.sa_handler = forwardTermination;
  ::sigaction(SIGINT, &ignore, &oldInt);
  ::sigaction(SIGTERM, &forward, &oldTerm);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, trainer.c_str(), nullptr, &attributes, argv.data(), environ);
  posix_spawnattr_destroy(&attributes);
  int status = 0;
  if (rc == 0) {
    trainerPid = pid;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    trainerPid = 0;
  }
  ::sigaction(SIGINT, &oldInt, nullptr);
  ::sigaction(SIGTERM, &oldTerm, nullptr);
  if (rc != 0) throw CliFailure("cannot start the trainer '" + trainer + "': " + std::strerror(rc));
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

void run(const TrainOptions& o) {
  JobFolder folder = [&] {
    try {
      return JobFolder::open(o.folder);
    } catch (const JobError& e) {
      throw CliFailure(e.what());
    }
  }();
  std::string reason;
  const auto trainer = TrainerLocator::find(o.trainer, &reason);
  if (!trainer) throw CliFailure(reason);
  std::vector<std::string> args{o.folder};
  if (!o.device.empty()) args.insert(args.end(), {"--device", o.device});
  if (o.threads > 0) args.insert(args.end(), {"--threads", std::to_string(o.threads)});
  if (o.quiet || o.json) args.push_back("--quiet");
  const int code = runTrainer(trainer->string(), args);
  if (code != 0 || !folder.hasProposal()) {
    std::string why = "exit code " + std::to_string(code);
    try {
      if (const auto p = folder.readProgress(); p && !p->message.empty()) why = p->message;
    } catch (const JobError&) {
    }
    throw CliFailure("the job did not finish: " + why);
  }
  const nlohmann::json training = folder.readProposalTraining();
  if (o.json)
    return printJson({{"job", o.folder},
                      {"trainer", trainer->string()},
                      {"proposal", (folder.path() / "proposal.json").string()},
                      {"training", training}});
  std::cout << "trained " << training.value("iterations", int64_t(0)) << " iterations ("
            << training.value("stop_reason", std::string("?")) << ") in " << std::fixed << std::setprecision(1)
            << training.value("training_seconds", 0.0) << " s on " << training.value("device", std::string("?"))
            << "; proposal in " << (folder.path() / "proposal.json").string() << "\n";
}

void setupTrain(CLI::App& root) {
  auto o = std::make_shared<TrainOptions>();
  CLI::App* cmd = root.add_subcommand("train", "Run a job folder with the trainer (resumes a killed run)");
  cmd->add_option("JOBDIR", o->folder, "Job folder (engine/jobs/README.md)")->required();
  cmd->add_option("--trainer", o->trainer,
                  "Trainer executable (default $SLICEWISE_TRAINER, else slicewise-train beside this program)");
  cmd->add_option("--device", o->device, "auto, cpu or cuda[:N] (default: the job's)");
  cmd->add_option("--threads", o->threads, "CPU threads (default: the job's, normally every core)")
      ->check(CLI::Range(1, 4096));
  cmd->add_flag("--quiet", o->quiet, "No progress lines");
  cmd->add_flag("--json", o->json, "Machine-readable result on stdout");
  cmd->callback([o] { run(*o); });
}

SLICEWISE_CLI_COMMAND(58, setupTrain)

}  // namespace
}  // namespace slicewise::cli
