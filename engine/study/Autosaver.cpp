#include "study/Autosaver.h"

#include "study/Study.h"
#include "study/StudySnapshot.h"

namespace slicewise {

Autosaver::Autosaver(Study& study, std::chrono::milliseconds delay, std::string author)
    : study_(study), delay_(delay), author_(std::move(author)) {
  writer_ = std::thread([this] { writerLoop(); });
}

Autosaver::~Autosaver() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [this] { return !running_; });
    stop_ = true;
  }
  wake_.notify_all();
  writer_.join();
}

void Autosaver::noteEdit() {
  lastEdit_ = std::chrono::steady_clock::now();
  editPending_ = true;
}

bool Autosaver::busy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return running_;
}

void Autosaver::setOnFinished(std::function<void()> callback) {
  std::lock_guard<std::mutex> lock(mutex_);
  onFinished_ = std::move(callback);
}

bool Autosaver::tick() { return start(true, "autosave"); }

bool Autosaver::saveNow(const std::string& description) { return start(false, description); }

bool Autosaver::start(bool afterDelay, const std::string& description) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (running_) return false;
    // A failed save whose result nobody has taken yet: its changes go back to pending now, or
    // the next save's result would replace it and they would never be written.
    if (result_ && !result_->ok && finishedJob_) {
      study_.restoreSnapshot(*finishedJob_);
      finishedJob_.reset();
    }
  }
  if (!editPending_ && !study_.hasUnsavedChanges()) return false;
  if (afterDelay && editPending_ && std::chrono::steady_clock::now() - lastEdit_ < delay_) return false;
  if (!study_.hasUnsavedChanges()) {
    editPending_ = false;
    return false;
  }
  const auto started = std::chrono::steady_clock::now();
  std::shared_ptr<StudySnapshot> snap = study_.takeSnapshot();
  editPending_ = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = std::move(snap);
    jobDescription_ = description;
    jobStart_ = started;
    running_ = true;
  }
  wake_.notify_all();
  return true;
}

AutosaveResult Autosaver::write(const StudySnapshot& snapshot, const std::string& description) {
  AutosaveResult r;
  r.bricks = snapshot.bricks.size();
  try {
    r.historyId = study_.writeSnapshot(snapshot, author_, description);
    r.ok = true;
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  return r;
}

void Autosaver::writerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stop_ || job_; });
    if (stop_ && !job_) return;
    std::shared_ptr<StudySnapshot> job = std::move(job_);
    const auto start = jobStart_;
    const std::string description = jobDescription_;
    lock.unlock();
    AutosaveResult r = write(*job, description);
    r.milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    lock.lock();
    result_ = std::move(r);
    finishedJob_ = std::move(job);
    running_ = false;
    std::function<void()> callback = onFinished_;
    lock.unlock();
    idle_.notify_all();
    if (callback) callback();
    lock.lock();
  }
}

std::optional<AutosaveResult> Autosaver::takeResult() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::optional<AutosaveResult> r = std::move(result_);
  result_.reset();
  if (r && !r->ok && finishedJob_) study_.restoreSnapshot(*finishedJob_);
  finishedJob_.reset();
  return r;
}

AutosaveResult Autosaver::flush() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [this] { return !running_; });
  }
  std::optional<AutosaveResult> previous = takeResult();
  const auto start = std::chrono::steady_clock::now();
  std::shared_ptr<StudySnapshot> snap = study_.takeSnapshot();
  editPending_ = false;
  AutosaveResult r = write(*snap, "save");
  r.milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!r.ok) study_.restoreSnapshot(*snap);
  if (snap->empty() && previous) return *previous;
  return r;
}

}  // namespace slicewise
