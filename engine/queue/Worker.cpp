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

namespace slicewise {

namespace {

using Millis = std::chrono::milliseconds;

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

std::optional<Worker::Adopted> Worker::recoverStaleJobs(int* recovered) {
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
    if (job && job->runner == runner_.name() && !job->runnerJobId.empty()) {
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
        return Adopted{*queue_.find(h.id), std::move(running)};
      }
    }
    if (const auto state = queue_.recoverStale(h.id, h.worker, why)) {
      ++*recovered;
      say("job " + std::to_string(h.id) + ": " + why + "; now " + std::string(queueStateName(*state)));
    }
  }
  return std::nullopt;
}

void Worker::count(Outcome outcome, WorkerSummary& summary) {
  switch (outcome) {
    case Outcome::Done: ++summary.done; break;
    case Outcome::Failed: ++summary.failed; break;
    case Outcome::Retried: ++summary.retried; break;
    case Outcome::Cancelled: ++summary.cancelled; break;
    case Outcome::Released: ++summary.released; break;
  }
}

WorkerSummary Worker::run() {
  WorkerSummary summary;
  say("worker " + id_ + " serving " + queue_.path().string() + " with the " + runner_.name() +
      " runner (night window " + options_.window.describe() + ")");
  while (!shouldStop()) {
    if (auto adopted = recoverStaleJobs(&summary.recovered)) {
      ++summary.adopted;
      count(follow(adopted->job, *adopted->running), summary);
      continue;
    }
    const auto job = queue_.claim(id_, runner_.name(), windowOpen());
    if (!job) {
      if (options_.once) break;
      const auto until = std::chrono::steady_clock::now() + millis(options_.idlePollSeconds);
      while (!shouldStop() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(Millis(100));
      continue;
    }
    count(runJob(*job), summary);
  }
  return summary;
}

TrainingRequest Worker::requestFor(const QueueJob& job) const {
  TrainingRequest request;
  request.queueJobId = job.id;
  request.attempt = job.attempts;
  request.jobFolder = job.request.folder;
  request.device = options_.device;
  request.threads = options_.threads;
  return request;
}

Worker::Outcome Worker::runJob(const QueueJob& job) {
  const std::string attempt = "attempt " + std::to_string(job.attempts) + " on " + id_;
  say("job " + std::to_string(job.id) + ": starting (" + attempt + ", study " + job.request.study + ")");
  std::unique_ptr<RunningTraining> running;
  try {
    running = runner_.start(requestFor(job));
  } catch (const std::exception& e) {
    const std::string entry = attempt + " could not start: " + e.what();
    const QueueState s = queue_.attemptFailed(job.id, id_, entry);
    say("job " + std::to_string(job.id) + ": " + entry + "; now " + std::string(queueStateName(s)));
    return s == QueueState::Failed ? Outcome::Failed : Outcome::Retried;
  }
  queue_.setRunnerJobId(job.id, id_, running->runnerJobId());
  return follow(job, *running);
}

Worker::Outcome Worker::follow(const QueueJob& job, RunningTraining& running) {
  const std::string name = "job " + std::to_string(job.id);
  const std::string attempt = "attempt " + std::to_string(job.attempts) + " on " + id_;
  const auto beat = millis(options_.heartbeatSeconds);
  auto nextBeat = std::chrono::steady_clock::now() + beat;
  std::optional<TrainingExit> exit;
  while (!(exit = running.poll())) {
    if (shouldStop()) {
      running.stop(millis(options_.stopGraceSeconds));
      queue_.release(job.id, id_, attempt + " stopped: the worker was stopped (resumes from its checkpoint)");
      say(name + ": stopped with the worker; it waits again and resumes from its checkpoint");
      return Outcome::Released;
    }
    if (std::chrono::steady_clock::now() >= nextBeat) {
      nextBeat = std::chrono::steady_clock::now() + beat;
      const QueueProgress progress = readProgress(job.request.folder).value_or(QueueProgress{});
      if (!queue_.heartbeat(job.id, id_, progress)) {
        // Cancelled, or taken over by another worker that found this one stale.
        running.stop(Millis(5000));
        const auto now = queue_.find(job.id);
        const bool cancelled = now && now->state == QueueState::Cancelled;
        say(name + ": " + (cancelled ? "cancelled; the trainer was stopped"
                                     : "no longer this worker's; the trainer was stopped"));
        return Outcome::Cancelled;
      }
    }
    std::this_thread::sleep_for(Millis(100));
  }
  bool finished = false;
  try {
    finished = exit->succeeded() && JobFolder::open(job.request.folder).hasProposal();
  } catch (const std::exception&) {
  }
  if (finished) {
    if (const auto p = readProgress(job.request.folder)) queue_.heartbeat(job.id, id_, *p);
    const nlohmann::json result = resultOf(job.request.folder);
    if (!queue_.finish(job.id, id_, result.dump())) return Outcome::Cancelled;
    say(name + ": done (" + std::to_string(result.value("slices_predicted", int64_t(0))) + " slices predicted)");
    return Outcome::Done;
  }
  std::string entry = attempt + " failed: the trainer ended with " + exit->describe();
  if (exit->succeeded()) entry = attempt + " failed: the trainer ended without writing a proposal";
  std::string output = running.outputTail(4000);
  while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) output.pop_back();
  if (!output.empty()) entry += "\n" + output;
  const QueueState s = queue_.attemptFailed(job.id, id_, entry);
  say(name + ": " + entry.substr(0, entry.find('\n')) + "; now " + std::string(queueStateName(s)));
  return s == QueueState::Failed ? Outcome::Failed : Outcome::Retried;
}

}  // namespace slicewise
