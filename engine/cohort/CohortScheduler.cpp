#include "cohort/CohortScheduler.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "cohort/Cohort.h"
#include "cohort/CohortError.h"
#include "cohort/CohortPlanner.h"
#include "jobs/CohortModelJob.h"
#include "jobs/JobFolder.h"
#include "queue/QueueDatabase.h"
#include "study/Study.h"

namespace fs = std::filesystem;

namespace slicewise {

namespace {

int64_t nowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool finished(const CohortStudyStatus& s) {
  return s.error.empty() && s.labelConflicts.empty() &&
         (s.progress.stage == StudyStage::Done || s.progress.stage == StudyStage::Exported);
}

// Which finished studies, in which state, a cohort model learns from: a new model is due when
// this changes.
std::string membersFingerprint(const std::vector<CohortStudyStatus>& studies, const std::string& predictor,
                               SliceAxis axis) {
  std::string out = predictor + "/" + std::string(axisName(axis));
  for (const CohortStudyStatus& s : studies)
    if (finished(s) && s.progress.axis == axis) out += " " + std::to_string(s.entry.id) + ":" + s.state;
  return out;
}

// The axis most finished studies were worked along (ties: axial first).
std::optional<SliceAxis> modelAxis(const std::vector<CohortStudyStatus>& studies) {
  std::map<SliceAxis, int> count;
  for (const CohortStudyStatus& s : studies)
    if (finished(s)) ++count[s.progress.axis];
  std::optional<SliceAxis> best;
  for (const auto& [axis, n] : count)
    if (!best || n > count[*best]) best = axis;
  return best;
}

int64_t queueCohortModel(Cohort& cohort, QueueDatabase& queue, const std::vector<CohortStudyStatus>& studies,
                         const CohortQueueRequest& request, CohortQueueReport& report) {
  const std::optional<SliceAxis> axis = modelAxis(studies);
  if (!axis) return 0;
  const std::string predictor(architectureName(request.job.parameters.architecture));
  const std::string members = membersFingerprint(studies, predictor, *axis);
  for (const CohortModelRecord& m : cohort.index().models())
    if (m.members == members && m.state != "failed") return 0;  // learnt or learning from these already
  std::vector<CohortTrainingMember> training;
  for (const CohortStudyStatus& s : studies) {
    if (!finished(s) || s.progress.axis != *axis) continue;
    const std::string folder = s.folder;
    training.push_back({[folder] { return Study::open(folder, Study::Mode::ReadOnly)->loadImage(); },
                        [folder] { return Study::open(folder, Study::Mode::ReadOnly)->labels(); }});
  }
  std::error_code ec;
  fs::create_directories(queue.jobsFolder(), ec);
  const fs::path folder = queue.jobsFolder() / ("cohort-model-" + std::to_string(nowSeconds()) + "-" +
                                                std::to_string(::getpid()));
  UNetParameters parameters = request.job.parameters;
  parameters.initialWeights.clear();  // the cohort model starts from scratch
  try {
    createCohortModelJob(folder, training, *axis, parameters, request.job.seed);
  } catch (const std::exception& e) {
    throw CohortError(std::string("cannot make the cohort model job: ") + e.what());
  }
  QueueJobRequest q;
  q.study = cohort.folder();
  q.folder = folder.string();
  q.predictor = predictor;
  q.axis = std::string(axisName(*axis));
  q.parametersJson = toJson(parameters).dump();
  q.priority = request.job.priority + 1;  // before the studies that may start from it next time
  q.when = request.job.when;
  q.device = request.job.device;
  const int64_t id = queue.add(q);
  CohortModelRecord record;
  record.queuePath = queue.path().string();
  record.queueJobId = id;
  record.folder = folder.string();
  record.predictor = predictor;
  record.axis = std::string(axisName(*axis));
  record.members = members;
  record.createdUnixSeconds = nowSeconds();
  cohort.index().addModel(record);
  report.notes.push_back("queued a cohort model (job " + std::to_string(id) + ") learning from " +
                         std::to_string(training.size()) + " finished studies");
  return id;
}

}  // namespace

std::string CohortScheduler::refreshModels(Cohort& cohort, QueueDatabase& queue, const std::string& architecture) {
  std::string newest;
  for (CohortModelRecord m : cohort.index().models()) {
    if (m.state == "pending" && m.queuePath == queue.path().string()) {
      const std::optional<QueueJob> job = queue.find(m.queueJobId);
      const fs::path weights = fs::path(m.folder) / "weights.pt";
      std::error_code ec;
      if (job && job->state == QueueState::Done && fs::is_regular_file(weights, ec)) {
        const fs::path target = fs::path(cohort.folder()) / "models" / ("cohort-model-" + std::to_string(m.id) + ".pt");
        fs::create_directories(target.parent_path(), ec);
        const fs::path partial = target.string() + ".partial";
        fs::copy_file(weights, partial, fs::copy_options::overwrite_existing, ec);
        if (!ec) fs::rename(partial, target, ec);
        if (ec) throw CohortError("cannot keep the cohort model " + weights.string() + ": " + ec.message());
        m.state = "ready";
        m.weights = fs::relative(target, cohort.folder()).string();
        cohort.index().updateModel(m);
      } else if (!job || job->state == QueueState::Failed || job->state == QueueState::Cancelled) {
        m.state = "failed";
        cohort.index().updateModel(m);
      }
    }
    if (m.state == "ready" && m.predictor == architecture) newest = (fs::path(cohort.folder()) / m.weights).string();
  }
  return newest;
}

CohortQueueReport CohortScheduler::queue(Cohort& cohort, QueueDatabase& queue, const CohortQueueRequest& request) {
  CohortQueueReport report;
  const std::string predictor(architectureName(request.job.parameters.architecture));
  const std::vector<CohortStudyStatus> studies = cohort.status();
  // Finished models are collected also for a cold run, so that the next warm one finds them.
  const std::string newest = refreshModels(cohort, queue, predictor);
  const std::string model = request.warmStart ? newest : std::string();
  std::string modelAxisName;
  for (const CohortModelRecord& m : cohort.index().models())
    if (m.state == "ready" && m.predictor == predictor) modelAxisName = m.axis;
  for (size_t i : CohortPlanner::toQueue(studies)) {
    const CohortStudyStatus& s = studies[i];
    if (request.skipFolders.count(s.folder)) {
      report.skipped.push_back(s.folder);
      continue;
    }
    StudyJobRequest job = request.job;
    job.axis = s.progress.axis;
    // A model learnt along another axis saw other anatomy in its slices: start cold then.
    const bool warm = !model.empty() && modelAxisName == axisName(job.axis);
    if (warm) job.parameters.initialWeights = model;
    try {
      const auto study = Study::open(s.folder, Study::Mode::ReadWrite);
      const int64_t id = StudyJobSubmitter::submit(*study, queue, job);
      report.queued.push_back({s.folder, id, warm});
    } catch (const StudyError& e) {
      report.notes.push_back(s.entry.name + ": " + e.what());
    }
  }
  if (request.trainCohortModel) report.modelJobId = queueCohortModel(cohort, queue, studies, request, report);
  return report;
}

}  // namespace slicewise
