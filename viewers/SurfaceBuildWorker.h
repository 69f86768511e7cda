#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "viewers/LabelSurfaceBuilder.h"

class QObject;

namespace slicewise {

// One background thread that turns label masks into surfaces, so the GUI stays responsive
// while they build. Each label has at most one queued build: a newer mask replaces the queued
// one and aborts the one running for that label, since its result would be stale at once.
class SurfaceBuildWorker {
 public:
  struct Result {
    Label id = 0;
    uint64_t serial = 0;                  // as submitted
    std::shared_ptr<vtkPolyData> mesh;    // null: no surface (empty mask) or aborted
    double buildMs = 0;
  };

  // `deliver` runs on `context`'s thread, once per finished build; `context` must outlive the
  // worker (the view that owns it).
  SurfaceBuildWorker(QObject* context, std::function<void(const Result&)> deliver);
  ~SurfaceBuildWorker();  // waits for the running build's next abort check
  SurfaceBuildWorker(const SurfaceBuildWorker&) = delete;
  SurfaceBuildWorker& operator=(const SurfaceBuildWorker&) = delete;

  void submit(LabelMask mask, const ImageGeometry& geometry, const SurfaceOptions& options,
              uint64_t serial);
  // Drops the queued builds and aborts the running one.
  void cancelAll();

 private:
  struct Job {
    LabelMask mask;
    ImageGeometry geometry;
    SurfaceOptions options;
    uint64_t serial = 0;
  };
  void run();

  QObject* context_;
  std::function<void(const Result&)> deliver_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stop_ = false;
  bool running_ = false;
  Label runningId_ = 0;
  std::atomic<bool> abortRunning_{false};
  std::thread thread_;
};

}  // namespace slicewise
