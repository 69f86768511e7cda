#include "queue/SlurmRunner.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <thread>

#include "queue/SlurmJobState.h"
#include "queue/SlurmJobTable.h"
#include "queue/TrainerLogTail.h"

namespace fs = std::filesystem;

namespace slicewise {

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds millis(double seconds) { return std::chrono::milliseconds(int64_t(seconds * 1000)); }

// Written whole or not at all: a node must never read half a script or list.
void writeWhole(const fs::path& path, const std::string& text, mode_t mode) {
  std::string hidden = ".";
  hidden += path.filename().string();
  hidden += ".tmp" + std::to_string(::getpid());
  const fs::path tmp = path.parent_path() / hidden;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw SlurmError("cannot write " + path.string());
  }
  ::chmod(tmp.c_str(), mode);
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw SlurmError("cannot write " + path.string() + ": " + ec.message());
}


std::streamoff fileSize(const fs::path& file) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  return ec ? 0 : std::streamoff(size);
}

// The trainer's exit status the batch script left, if it got that far.
std::optional<int> exitFileStatus(const fs::path& folder, const std::string& id) {
  std::ifstream in(folder / ("slurm-" + id + ".exit"));
  int status = 0;
  if (in >> status) return status;
  return std::nullopt;
}

std::optional<fs::file_time_type> aliveTime(const fs::path& folder, const std::string& id) {
  std::error_code ec;
  const auto t = fs::last_write_time(folder / ("slurm-" + id + ".alive"), ec);
  if (ec) return std::nullopt;
  return t;
}

class SlurmTraining : public RunningTraining {
 public:
  SlurmTraining(std::string id, fs::path folder, fs::path slurmOutput, std::streamoff logStart,
                std::shared_ptr<SlurmJobTable> table, const SlurmRunnerOptions& options)
      : id_(std::move(id)), folder_(std::move(folder)), slurmOutput_(std::move(slurmOutput)), logStart_(logStart),
        table_(std::move(table)), lostAfter_(millis(options.lostAfterSeconds)), since_(Clock::now()),
        state_("PENDING") {}

  std::string runnerJobId() const override { return id_; }
  std::string schedulerState() const override { return state_; }

  std::optional<TrainingExit> poll() override {
    if (exit_) return exit_;
    std::optional<SlurmJobStatus> status;
    try {
      status = table_->status(id_, since_);
    } catch (const SlurmError& e) {
      // The controller may come back: the job goes on meanwhile.
      state_ = std::string("unknown: ") + e.what();
      return std::nullopt;
    }
    if (!status) return ended(std::nullopt);
    state_ = status->state + (status->reason.empty() ? "" : " (" + status->reason + ")");
    const SlurmStateMeaning meaning = slurmStateMeaning(status->state);
    if (meaning.attempt == SlurmAttempt::Waiting) {
      running_.reset();
      return std::nullopt;
    }
    if (meaning.attempt == SlurmAttempt::Running) return checkAlive();
    return ended(status);
  }

  TrainingExit stop(std::chrono::milliseconds grace) override {
    if (poll()) return *exit_;
    stopping_ = true;
    try {
      SlurmRunner::cancel(id_, table_->command());
    } catch (const SlurmError& e) {
      TrainingExit e2;
      e2.exitCode = -1;
      e2.detail = "cannot cancel Slurm job " + id_ + ": " + e.what();
      exit_ = e2;
      return *exit_;
    }
    // scancel sends SIGTERM (the trainer checkpoints), SIGKILL after Slurm's KillWait.
    const auto until = Clock::now() + std::max(grace, std::chrono::milliseconds(5000));
    while (Clock::now() < until) {
      if (poll()) return *exit_;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    TrainingExit e;
    e.exitCode = -1;
    e.detail = "Slurm job " + id_ + " was cancelled (scancel); Slurm is still ending it";
    exit_ = e;
    return *exit_;
  }

  std::string outputTail(size_t maxBytes) const override {
    std::string out = trainerLogTail(folder_ / "trainer.log", logStart_, maxBytes);
    const std::string slurm = trainerLogTail(slurmOutput_, 0, 1000);
    if (!slurm.empty()) out += (out.empty() || out.back() == '\n' ? "" : "\n") + slurm;
    return out;
  }

 private:
  // While Slurm says RUNNING: is the job alive? Its script touches a file every few seconds.
  std::optional<TrainingExit> checkAlive() {
    const auto now = Clock::now();
    const auto touched = aliveTime(folder_, id_);
    if (!running_ || touched != lastTouch_) {
      running_ = now;
      lastTouch_ = touched;
      return std::nullopt;
    }
    if (now - *running_ < lostAfter_) return std::nullopt;
    if (const auto code = exitFileStatus(folder_, id_)) return finish(*code, "");
    try {
      SlurmRunner::cancel(id_, table_->command());  // free whatever Slurm still holds for it
    } catch (const SlurmError&) {
    }
    TrainingExit e;
    e.exitCode = -1;
    e.detail = "Slurm job " + id_ + " was lost: no sign of life from its node for " +
               std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now - *running_).count()) +
               " s while Slurm listed it as RUNNING (cancelled)";
    exit_ = e;
    return exit_;
  }

  std::optional<TrainingExit> finish(int status, const std::string& detail) {
    TrainingExit e;
    if (status >= 128 && status < 160) {
      e.exitCode = -1;
      e.signal = status - 128;
    } else {
      e.exitCode = status;
    }
    e.detail = detail;
    exit_ = e;
    return exit_;
  }

  // Slurm says it ended, or no longer knows it.
  std::optional<TrainingExit> ended(std::optional<SlurmJobStatus> status) {
    if (!status) {
      try {
        status = table_->lookUp(id_);
      } catch (const SlurmError& e) {
        state_ = std::string("unknown: ") + e.what();
        return std::nullopt;
      }
    }
    const auto code = exitFileStatus(folder_, id_);
    if (!status) {
      if (code) return finish(*code, "");
      state_ = "gone";
      return finish(-1, "Slurm no longer knows job " + id_ + " and it left no exit status: lost with its node");
    }
    state_ = status->state;
    const SlurmStateMeaning meaning = slurmStateMeaning(status->state);
    const std::string said = "Slurm job " + id_ + " ended " + status->state + ": " + meaning.explanation;
    switch (meaning.attempt) {
      case SlurmAttempt::Waiting:
      case SlurmAttempt::Running: return std::nullopt;  // scontrol still has it going
      case SlurmAttempt::Ended:
        if (code) return finish(*code, "");
        if (status->exitCode) {
          TrainingExit e;
          e.exitCode = *status->exitCode;
          e.signal = status->signal.value_or(0);
          if (e.signal != 0) e.exitCode = -1;
          if (status->state != "COMPLETED" && e.succeeded()) e.detail = said;
          exit_ = e;
          return exit_;
        }
        return finish(-1, said);
      case SlurmAttempt::Cancelled: {
        TrainingExit e;
        e.exitCode = -1;
        e.detail = stopping_ ? "Slurm job " + id_ + " was cancelled (scancel)" : said;
        e.cancelledOutside = !stopping_;
        exit_ = e;
        return exit_;
      }
      case SlurmAttempt::Failed:
      case SlurmAttempt::NodeLost: return finish(-1, said);
    }
    return std::nullopt;
  }

  std::string id_;
  fs::path folder_, slurmOutput_;
  std::streamoff logStart_;
  std::shared_ptr<SlurmJobTable> table_;
  std::chrono::milliseconds lostAfter_;
  Clock::time_point since_;
  std::optional<Clock::time_point> running_;
  std::optional<fs::file_time_type> lastTouch_;
  std::string state_;
  bool stopping_ = false;
  std::optional<TrainingExit> exit_;
};

std::string uniqueName(const std::string& prefix) {
  static std::atomic<int> counter{0};
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
  return prefix + stamp + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

}  // namespace

SlurmRunner::SlurmRunner(SlurmRunnerOptions options)
    : options_(std::move(options)),
      command_(millis(options_.commandTimeoutSeconds)),
      table_(std::make_shared<SlurmJobTable>(command_, millis(options_.pollSeconds))) {}

SlurmRunner::~SlurmRunner() = default;

void SlurmRunner::checkReachable() const {
  // Slurm's commands wait a minute for a configuration file that is not there.
  if (const char* conf = std::getenv("SLURM_CONF"); conf && *conf) {
    std::error_code ec;
    if (!fs::is_regular_file(conf, ec))
      throw SlurmError(std::string("SLURM_CONF names ") + conf + ", which is not a file");
  }
  command_.check({"squeue", "--me", "--noheader", "--format=%i"});
}

void SlurmRunner::cancel(const std::string& runnerJobId, const SlurmCommand& command) {
  command.check({"scancel", runnerJobId});
}

SlurmScriptSettings SlurmRunner::settingsFor(const std::vector<TrainingRequest>& requests) const {
  SlurmScriptSettings s;
  s.trainer = options_.trainer;
  s.partition = options_.partition;
  s.gres = options_.gres;
  s.aliveSeconds = options_.aliveSeconds;
  if (!requests.empty()) {
    s.device = requests.front().device;
    s.threads = requests.front().threads;
  }
  for (const auto& r : requests)
    s.timeMinutes = std::max(s.timeMinutes,
                             slurmTimeLimitMinutes(r.iterations, r.lastEtaSeconds, options_.secondsPerIteration));
  return s;
}

std::string SlurmRunner::submit(const fs::path& script) const {
  std::string out = command_.check({"sbatch", "--parsable", script.string()});
  // "123" or "123;cluster".
  out = out.substr(0, out.find_first_of(";\n"));
  if (out.empty() || out.find_first_not_of("0123456789") != std::string::npos)
    throw SlurmError("sbatch gave no job ID for " + script.string());
  return out;
}

std::unique_ptr<RunningTraining> SlurmRunner::start(const TrainingRequest& request) {
  auto started = startMany({request});
  return std::move(started.front());
}

std::vector<std::unique_ptr<RunningTraining>> SlurmRunner::startMany(const std::vector<TrainingRequest>& requests) {
  std::vector<std::unique_ptr<RunningTraining>> out;
  if (requests.empty()) return out;
  const SlurmScriptSettings settings = settingsFor(requests);
  if (requests.size() == 1 || !options_.arrays) {
    for (const auto& r : requests) {
      const fs::path script = r.jobFolder / "slurm-job.sh";
      writeWhole(script, slurmJobScript(settings, r.jobFolder, "slicewise-" + std::to_string(r.queueJobId)), 0700);
      const std::streamoff logStart = fileSize(r.jobFolder / "trainer.log");
      const std::string id = submit(script);
      out.push_back(std::make_unique<SlurmTraining>(id, r.jobFolder, r.jobFolder / ("slurm-" + id + ".out"),
                                                    logStart, table_, options_));
    }
    return out;
  }
  // One array: its list and script in a folder of their own beside the job folders, on the
  // storage every node sees.
  const fs::path folder = requests.front().jobFolder.parent_path() / uniqueName(".slurm-array-");
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw SlurmError("cannot create " + folder.string() + ": " + ec.message());
  ::chmod(folder.c_str(), 0700);
  std::string list;
  for (const auto& r : requests) list += r.jobFolder.string() + "\n";
  writeWhole(folder / "folders.txt", list, 0600);
  const fs::path script = folder / "array.sh";
  writeWhole(script,
             slurmArrayScript(settings, folder / "folders.txt", requests.size(), folder,
                              "slicewise-" + std::to_string(requests.front().queueJobId) + "+" +
                                  std::to_string(requests.size() - 1)),
             0700);
  std::vector<std::streamoff> logStarts;
  for (const auto& r : requests) logStarts.push_back(fileSize(r.jobFolder / "trainer.log"));
  const std::string arrayId = submit(script);
  for (size_t i = 0; i < requests.size(); ++i) {
    const std::string id = arrayId + "_" + std::to_string(i);
    out.push_back(std::make_unique<SlurmTraining>(id, requests[i].jobFolder, folder / ("slurm-" + id + ".out"),
                                                  logStarts[i], table_, options_));
  }
  return out;
}

std::unique_ptr<RunningTraining> SlurmRunner::attach(const TrainingRequest& request, const std::string& runnerJobId) {
  if (runnerJobId.empty() || runnerJobId.find_first_not_of("0123456789_") != std::string::npos) return nullptr;
  fs::path output = request.jobFolder / ("slurm-" + runnerJobId + ".out");
  if (runnerJobId.find('_') != std::string::npos) {
    // An array task: Slurm's output lies in its array's folder beside the job folders.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(request.jobFolder.parent_path(), ec))
      if (entry.path().filename().string().rfind(".slurm-array-", 0) == 0 &&
          fs::exists(entry.path() / ("slurm-" + runnerJobId + ".out"), ec))
        output = entry.path() / ("slurm-" + runnerJobId + ".out");
  }
  return std::make_unique<SlurmTraining>(runnerJobId, request.jobFolder, output, 0, table_, options_);
}

}  // namespace slicewise
