#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "study/StudyJobSubmitter.h"

namespace slicewise {

class Cohort;
class QueueDatabase;

struct CohortQueueRequest {
  StudyJobRequest job;        // its axis is replaced by each study's working axis
  bool warmStart = true;      // start from the newest ready cohort model of the same network
  bool trainCohortModel = true;  // queue a cohort model when the finished studies changed
  // Study folders the caller queues itself (the app's open study, which it holds locked).
  std::set<std::string> skipFolders;
};

struct CohortQueueReport {
  struct Queued {
    std::string study;
    int64_t jobId = 0;
    bool warm = false;
  };
  std::vector<Queued> queued;
  std::vector<std::string> notes;  // studies skipped (open elsewhere, ...) and why
  int64_t modelJobId = 0;          // the cohort model job queued now (0: none)
  std::vector<std::string> skipped;  // due, but in skipFolders
};

// `cohort queue`: sends every study with keys and no current proposal or job to the queue
// (CohortPlanner::toQueue), warm-started from the cohort model where one is ready, and queues a
// new cohort model when the set of finished studies changed since the last one (a job of its
// own: the trainer learns from every finished study's reviewed labels, see CohortModelJob).
class CohortScheduler {
 public:
  static CohortQueueReport queue(Cohort& cohort, QueueDatabase& queue, const CohortQueueRequest& request);
  // Marks cohort model jobs the queue finished as ready (copying their weights into models/) or
  // failed. Returns the newest ready model's absolute path for the architecture ("" for none).
  static std::string refreshModels(Cohort& cohort, QueueDatabase& queue, const std::string& architecture);
};

}  // namespace slicewise
