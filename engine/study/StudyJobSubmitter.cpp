#include "study/StudyJobSubmitter.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "jobs/JobFolder.h"
#include "model/KeyStateHash.h"
#include "queue/QueueDatabase.h"
#include "study/Study.h"

namespace fs = std::filesystem;

namespace slicewise {

namespace {

// Unique among processes and within one: time, PID and a counter.
std::string newFolderName() {
  static std::atomic<int> counter{0};
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
  return "job-" + std::to_string(ms) + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

}  // namespace

int64_t StudyJobSubmitter::submit(Study& study, QueueDatabase& queue, const StudyJobRequest& r, const Volume* image) {
  if (study.mode() != Study::Mode::ReadWrite)
    throw StudyError("study " + study.folder() + " is open read-only: it cannot record a queue job");
  const Annotation& a = study.annotation();
  JobDescription job;
  job.axis = r.axis;
  job.keySlices = a.marks.keySlices(r.axis);
  if (job.keySlices.empty())
    throw StudyError("study " + study.folder() + " has no key slices on the " + std::string(axisName(r.axis)) +
                     " axis (mark slices done or empty-here first)");
  r.parameters.validate();
  Volume loaded;
  if (!image) {
    loaded = study.loadImage();
    image = &loaded;
  }
  job.geometry = image->geometry();
  job.imagePixelType = image->pixelType();
  job.keyState = keyStateHash(a, r.axis);
  job.seed = r.seed;
  job.device = r.device;
  job.parameters = r.parameters;
  job.predictor = std::string(architectureName(r.parameters.architecture));
  const bool anyProtected = a.provenance.count(VoxelOrigin::None) != a.provenance.data().size();
  job.hasProvenance = anyProtected;

  const fs::path jobs = queue.jobsFolder();
  std::error_code ec;
  if (!fs::exists(jobs, ec)) {
    fs::create_directories(jobs, ec);
    if (ec) throw StudyError("cannot create the queue's job folder " + jobs.string() + ": " + ec.message());
    ::chmod(jobs.c_str(), 0700);
  }
  const fs::path folder = jobs / newFolderName();
  try {
    // Labels travel whole: voxels drawn on other axes are protected and keep their labels.
    JobFolder::create(folder, job, *image, a.labels, anyProtected ? &a.provenance : nullptr);
  } catch (const JobError& e) {
    throw StudyError(e.what());
  }
  QueueJobRequest q;
  q.study = study.folder();
  q.folder = folder.string();
  q.predictor = job.predictor;
  q.axis = std::string(axisName(r.axis));
  q.parametersJson = toJson(r.parameters).dump();
  q.keyState = job.keyState;
  q.priority = r.priority;
  q.when = r.when;
  q.device = r.device;
  int64_t id = 0;
  try {
    id = queue.add(q);
    StudyQueueJob record;
    record.queuePath = queue.path().string();
    record.jobId = id;
    record.folder = folder.string();
    record.predictor = job.predictor;
    record.axis = r.axis;
    record.keyState = job.keyState;
    study.recordQueueJob(record);
  } catch (...) {
    if (id != 0) {
      try {
        queue.cancel(id);
      } catch (...) {
      }
    }
    fs::remove_all(folder, ec);
    throw;
  }
  return id;
}

}  // namespace slicewise
