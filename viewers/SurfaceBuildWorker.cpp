#include "viewers/SurfaceBuildWorker.h"

#include <QMetaObject>
#include <QObject>
#include <chrono>

namespace slicewise {

SurfaceBuildWorker::SurfaceBuildWorker(QObject* context, std::function<void(const Result&)> deliver)
    : context_(context), deliver_(std::move(deliver)) {
  thread_ = std::thread([this] { run(); });
}

SurfaceBuildWorker::~SurfaceBuildWorker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    queue_.clear();
    abortRunning_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SurfaceBuildWorker::submit(LabelMask mask, const ImageGeometry& geometry,
                                const SurfaceOptions& options, uint64_t serial) {
  {
    std::lock_guard lock(mutex_);
    const Label id = mask.id;
    Job job{std::move(mask), geometry, options, serial};
    bool replaced = false;
    for (Job& queued : queue_)
      if (queued.mask.id == id) {
        queued = std::move(job);
        replaced = true;
        break;
      }
    if (!replaced) queue_.push_back(std::move(job));
    if (running_ && runningId_ == id) abortRunning_ = true;
  }
  wake_.notify_one();
}

void SurfaceBuildWorker::cancelAll() {
  std::lock_guard lock(mutex_);
  queue_.clear();
  if (running_) abortRunning_ = true;
}

void SurfaceBuildWorker::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      running_ = true;
      runningId_ = job.mask.id;
      abortRunning_ = false;
    }
    const auto start = std::chrono::steady_clock::now();
    Result result;
    result.id = job.mask.id;
    result.serial = job.serial;
    result.mesh = LabelSurfaceBuilder::build(job.mask, job.geometry, job.options, &abortRunning_);
    result.buildMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    {
      std::lock_guard lock(mutex_);
      running_ = false;
      if (stop_) return;
    }
    // Posted to the context's thread; Qt drops it if the context is destroyed before it runs.
    QMetaObject::invokeMethod(
        context_, [deliver = deliver_, result] { deliver(result); }, Qt::QueuedConnection);
  }
}

}  // namespace slicewise
