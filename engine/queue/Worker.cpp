#include "queue/Worker.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "jobs/JobFolder.h"
#include "queue/JobFolderMove.h"

namespace slicewise {

namespace {

using Millis = std::chrono::milliseconds;
namespace fs = std::filesystem;

Millis millis(double seconds) { return Millis(int64_t(std::llround(seconds * 1000))); }

std::string hostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof(buf) - 1) != 0) return "localhost";
  return buf;
}

// A worker on this host whose process has ended.
bool localWorkerIsGone(const std::string& worker) {
  const size_t colon = worker.rfind(':');
  if (colon == std::string::npos || worker.substr(0, colon) != hostName()) return false;
  char* end = nullptr;
  const long pid = std::strtol(worker.c_str() + colon + 1, &end, 10);
  if (pid <= 0 || *end != '\0') return false;
  return ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
}

std::optional<QueueProgress> readProgress(const std::filesystem::path& folder) {
  try {
    const auto p = JobFolder::open(folder).readProgress();
    if (!p) return std::nullopt;
    QueueProgress q;
    q.iteration = p->iteration;
    q.iterations = p->iterations;
    q.progress = p->iterations > 0 ? std::clamp(double(p->iteration) / double(p->iterations), 0.0, 1.0) : 0.0;
    q.etaSeconds = p->etaSeconds;
    q.loss = std::isfinite(p->loss) ? p->loss : 0.0;
    q.device = p->device;
    return q;
  } catch (const std::exception&) {
    return std::nullopt;  // a folder being written or damaged: the trainer will say so
  }
}

// What the morning summary shows: how many slices the network predicted and how sure it was.
nlohmann::json resultOf(const std::filesystem::path& folder) {
  std::ifstream in(folder / "proposal.json");
  const nlohmann::json p = nlohmann::json::parse(in, nullptr, false);
  if (p.is_discarded() || !p.is_object()) return nlohmann::json::object();
  std::set<int64_t> keys;
  if (p.contains("key_slices") && p["key_slices"].is_array())
    for (const auto& k : p["key_slices"]) keys.insert(k.get<int64_t>());
  int64_t predicted = 0;
  double sum = 0;
  if (p.contains("slice_confidence") && p["slice_confidence"].is_array()) {
    const auto& c = p["slice_confidence"];
    for (size_t i = 0; i < c.size(); ++i)
      if (!keys.count(int64_t(i))) {
        ++predicted;
        sum += c[i].get<double>();
      }
  }
  nlohmann::json out = {{"slices_predicted", predicted},
                        {"mean_confidence", predicted > 0 ? sum / double(predicted) : 0.0}};
  if (p.contains("training") && p["training"].is_object()) {
    const auto& t = p["training"];
    out["training_seconds"] = t.value("training_seconds", 0.0);
    out["iterations"] = t.value("iterations", int64_t(0));
    out["stop_reason"] = t.value("stop_reason", std::string());
    out["device"] = t.value("device", std::string());
  }
  return out;
}

}  // namespace

std::string Worker::processWorkerId() { return hostName() + ":" + std::to_string(::getpid()); }

Worker::Worker(QueueDatabase& queue, TrainingRunner& runner, WorkerOptions options)
    : queue_(queue), runner_(runner), options_(std::move(options)), id_(processWorkerId()) {
  if (options_.untilMinute) deadline_ = nextLocalTime(options_.clock(), *options_.untilMinute);
}

void Worker::say(const std::string& line) const {
  if (options_.report) options_.report(line);
}

bool Worker::windowOpen() const { return options_.window.contains(options_.clock()); }

bool Worker::shouldStop() const {
  if (options_.stopRequested && options_.stopRequested->load()) return true;
  return deadline_ && options_.clock() >= *deadline_;
}

std::vector<Worker::Active> Worker::recoverStaleJobs(int room, int* recovered) {
  std::vector<Active> adopted;
  const int64_t now = QueueDatabase::nowMs();
  for (const auto& h : queue_.runningJobs()) {
    if (h.worker == id_) continue;
    std::string why;
    if (localWorkerIsGone(h.worker))
      why = "worker " + h.worker + " ended while running the job";
    else if (double(now - h.heartbeatMs) > options_.staleSeconds * 1000)
      why = "worker " + h.worker + " stopped responding (no heartbeat for " +
            std::to_string((now - h.heartbeatMs) / 1000) + " s)";
    else
      continue;
    const auto job = queue_.find(h.id);
    if (int(adopted.size()) < room && job && job->runner == runner_.name() && !job->runnerJobId.empty()) {
      std::unique_ptr<RunningTraining> running;
      try {
        running = runner_.attach(requestFor(*job), job->runnerJobId);
      } catch (const std::exception& e) {
        say("job " + std::to_string(h.id) + ": cannot follow " + runner_.name() + " job " + job->runnerJobId +
            ": " + e.what());
      }
      if (running && queue_.adopt(h.id, h.worker, id_)) {
        say("job " + std::to_string(h.id) + ": " + why + "; following its " + runner_.name() + " job " +
            job->runnerJobId);
        adopted.push_back(Active{*queue_.find(h.id), std::move(running), std::chrono::steady_clock::now()});
        continue;
      }
      if (running) continue;  // another worker adopted it first
    } else if (job && job->runner == runner_.name() && !job->runnerJobId.empty() && runner_.outlivesWorker()) {
      continue;  // followable, but not now: this worker is full; the next look takes it
    }
    if (const auto state = queue_.recoverStale(h.id, h.worker, why)) {
      ++*recovered;
      say("job " + std::to_string(h.id) + ": " + why + "; now " + std::string(queueStateName(*state)));
    }
  }
  return adopted;
}

void Worker::count(Outcome outcome, WorkerSummary& summary) {
  switch (outcome) {
    case Outcome::Done: ++summary.done; break;
    case Outcome::Failed: ++summary.failed; break;
    case Outcome::Retried: ++summary.retried; break;
    case Outcome::Cancelled: ++summary.cancelled; break;
    case Outcome::Released: ++summary.released; break;
    case Outcome::LeftRunning: ++summary.leftRunning; break;
  }
}

WorkerSummary Worker::run() {
  WorkerSummary summary;
  say("worker " + id_ + " serving " + queue_.path().string() + " with the " + runner_.name() +
      " runner (night window " + options_.window.describe() + ")");
  std::vector<Active> active;
  const int capacity = std::max(1, runner_.capacity());
  auto nextLook = std::chrono::steady_clock::now();
  while (!shouldStop()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= nextLook || active.empty()) {
      nextLook = now + millis(options_.heartbeatSeconds);
      const int room = capacity - int(active.size());
      for (auto& a : recoverStaleJobs(room, &summary.recovered)) {
        ++summary.adopted;
        active.push_back(std::move(a));
      }
      std::vector<QueueJob> claimed;
      for (int i = int(active.size()); i < capacity; ++i) {
        auto job = queue_.claim(id_, runner_.name(), windowOpen());
        if (!job) break;
        claimed.push_back(std::move(*job));
      }
      const bool anyClaimed = !claimed.empty();
      if (anyClaimed) startAll(std::move(claimed), active, summary);
      if (active.empty()) {
        if (anyClaimed) continue;  // none could start: look again
        if (options_.once) break;
        const auto until = std::chrono::steady_clock::now() + millis(options_.idlePollSeconds);
        while (!shouldStop() && std::chrono::steady_clock::now() < until)
          std::this_thread::sleep_for(Millis(100));
        continue;
      }
    }
    for (size_t i = 0; i < active.size();) {
      if (const auto outcome = step(active[i])) {
        count(*outcome, summary);
        active.erase(active.begin() + std::ptrdiff_t(i));
      } else {
        ++i;
      }
    }
    std::this_thread::sleep_for(Millis(100));
  }
  for (auto& a : active) count(leave(a), summary);
  return summary;
}

TrainingRequest Worker::requestFor(const QueueJob& job) const {
  TrainingRequest request;
  request.queueJobId = job.id;
  request.attempt = job.attempts;
  request.jobFolder = job.request.folder;
  request.device = options_.device;
  request.threads = options_.threads;
  const nlohmann::json p = nlohmann::json::parse(job.request.parametersJson, nullptr, false);
  if (p.is_object() && p.contains("iterations") && p["iterations"].is_number_integer())
    request.iterations = p["iterations"].get<int64_t>();
  request.lastEtaSeconds = job.etaSeconds;
  return request;
}

bool Worker::relocate(QueueJob& job, WorkerSummary& summary) {
  const fs::path from = job.request.folder;
  if (options_.jobsRoot.empty()) return true;
  std::error_code ec;
  if (fs::equivalent(from.parent_path(), options_.jobsRoot, ec)) return true;
  const std::string attempt = "attempt " + std::to_string(job.attempts) + " on " + id_;
  try {
    const fs::path to = moveJobFolder(from, options_.jobsRoot);
    if (!queue_.moveFolder(job.id, id_, to.string())) {
      // Cancelled meanwhile: its folder stays where the study recorded it.
      fs::remove_all(to, ec);
      count(Outcome::Cancelled, summary);
      return false;
    }
    fs::remove_all(from, ec);
    job.request.folder = to.string();
    say("job " + std::to_string(job.id) + ": folder moved to " + to.string());
    return true;
  } catch (const std::exception& e) {
    const std::string entry = attempt + " could not start: " + e.what();
    const QueueState s = queue_.attemptFailed(job.id, id_, entry);
    say("job " + std::to_string(job.id) + ": " + entry + "; now " + std::string(queueStateName(s)));
    count(s == QueueState::Failed ? Outcome::Failed : Outcome::Retried, summary);
    return false;
  }
}

void Worker::startAll(std::vector<QueueJob> jobs, std::vector<Active>& active, WorkerSummary& summary) {
  std::vector<QueueJob> ready;
  for (auto& job : jobs)
    if (relocate(job, summary)) ready.push_back(std::move(job));
  if (ready.empty()) return;
  std::vector<TrainingRequest> requests;
  for (const auto& job : ready) {
    say("job " + std::to_string(job.id) + ": starting (attempt " + std::to_string(job.attempts) + " on " + id_ +
        ", study " + job.request.study + ")");
    requests.push_back(requestFor(job));
  }
  std::vector<std::unique_ptr<RunningTraining>> started;
  std::string error;
  try {
    started = runner_.startMany(requests);
  } catch (const std::exception& e) {
    error = e.what();
  }
  for (size_t i = 0; i < ready.size(); ++i) {
    const QueueJob& job = ready[i];
    if (i < started.size() && started[i]) {
      queue_.setRunnerJobId(job.id, id_, started[i]->runnerJobId(), started[i]->schedulerState());
      active.push_back(Active{job, std::move(started[i]), std::chrono::steady_clock::now() + millis(options_.heartbeatSeconds)});
      continue;
    }
    const std::string entry = "attempt " + std::to_string(job.attempts) + " on " + id_ +
                              " could not start: " + (error.empty() ? "the runner did not start it" : error);
    const QueueState s = queue_.attemptFailed(job.id, id_, entry);
    say("job " + std::to_string(job.id) + ": " + entry + "; now " + std::string(queueStateName(s)));
    count(s == QueueState::Failed ? Outcome::Failed : Outcome::Retried, summary);
  }
}

std::optional<Worker::Outcome> Worker::step(Active& a) {
  const QueueJob& job = a.job;
  const std::optional<TrainingExit> exit = a.running->poll();
  if (exit) return record(job, *a.running, *exit);
  if (std::chrono::steady_clock::now() < a.nextBeat) return std::nullopt;
  a.nextBeat = std::chrono::steady_clock::now() + millis(options_.heartbeatSeconds);
  QueueProgress progress = readProgress(job.request.folder).value_or(QueueProgress{});
  progress.runnerState = a.running->schedulerState();
  if (queue_.heartbeat(job.id, id_, progress)) return std::nullopt;
  // Cancelled, or taken over by another worker that found this one stale.
  const auto now = queue_.find(job.id);
  const bool cancelled = now && now->state == QueueState::Cancelled;
  if (!cancelled && runner_.outlivesWorker()) {
    // The other worker follows the same attempt: leave it running.
    say("job " + std::to_string(job.id) + ": taken over by worker " + (now ? now->worker : std::string("?")) +
        ", which follows its " + runner_.name() + " job " + a.running->runnerJobId());
    return Outcome::Cancelled;
  }
  a.running->stop(Millis(5000));
  say("job " + std::to_string(job.id) + ": " +
      (cancelled ? "cancelled; the trainer was stopped" : "no longer this worker's; the trainer was stopped"));
  return Outcome::Cancelled;
}

Worker::Outcome Worker::leave(Active& a) {
  const std::string name = "job " + std::to_string(a.job.id);
  if (runner_.outlivesWorker()) {
    say(name + ": left running as " + runner_.name() + " job " + a.running->runnerJobId() +
        "; the next worker follows it");
    return Outcome::LeftRunning;
  }
  const std::string attempt = "attempt " + std::to_string(a.job.attempts) + " on " + id_;
  a.running->stop(millis(options_.stopGraceSeconds));
  queue_.release(a.job.id, id_, attempt + " stopped: the worker was stopped (resumes from its checkpoint)");
  say(name + ": stopped with the worker; it waits again and resumes from its checkpoint");
  return Outcome::Released;
}

Worker::Outcome Worker::record(const QueueJob& job, RunningTraining& running, const TrainingExit& exit) {
  const std::string name = "job " + std::to_string(job.id);
  const std::string attempt = "attempt " + std::to_string(job.attempts) + " on " + id_;
  bool finished = false;
  try {
    finished = exit.succeeded() && JobFolder::open(job.request.folder).hasProposal();
  } catch (const std::exception&) {
  }
  if (finished) {
    if (auto p = readProgress(job.request.folder)) {
      p->runnerState = running.schedulerState();
      queue_.heartbeat(job.id, id_, *p);
    }
    const nlohmann::json result = resultOf(job.request.folder);
    if (!queue_.finish(job.id, id_, result.dump())) return Outcome::Cancelled;
    say(name + ": done (" + std::to_string(result.value("slices_predicted", int64_t(0))) + " slices predicted)");
    return Outcome::Done;
  }
  std::string entry = attempt + " failed: the trainer ended with " + exit.describe();
  if (!exit.detail.empty()) entry = attempt + " failed: " + exit.detail;
  else if (exit.succeeded()) entry = attempt + " failed: the trainer ended without writing a proposal";
  std::string output = running.outputTail(4000);
  while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) output.pop_back();
  if (exit.cancelledOutside) {
    if (const auto now = queue_.find(job.id); now && now->state == QueueState::Cancelled) {
      // `queue cancel` (or the app) cancelled it in the queue and in the scheduler.
      say(name + ": cancelled; its " + runner_.name() + " job " + running.runnerJobId() + " was cancelled");
      return Outcome::Cancelled;
    }
    entry = attempt + ": " + exit.describe();
    if (!output.empty()) entry += "\n" + output;
    if (!queue_.cancelRunning(job.id, id_, entry)) return Outcome::Cancelled;
    say(name + ": " + exit.describe() + "; now cancelled");
    return Outcome::Cancelled;
  }
  if (!output.empty()) entry += "\n" + output;
  const QueueState s = queue_.attemptFailed(job.id, id_, entry);
  say(name + ": " + entry.substr(0, entry.find('\n')) + "; now " + std::string(queueStateName(s)) +
      (s == QueueState::Failed ? " after " + std::to_string(job.attempts) + " attempts (queue log " +
                                     std::to_string(job.id) + " has each attempt's output)"
                               : " (the next attempt resumes from its checkpoint)"));
  return s == QueueState::Failed ? Outcome::Failed : Outcome::Retried;
}

}  // namespace slicewise
