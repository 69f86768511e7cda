// The training jobs a study sent to a queue, and the import of their proposals (DESIGN §2: a
// finished job's proposal is imported by whoever next opens the study writable).
#include <ctime>
#include <filesystem>

#include "jobs/JobFolder.h"
#include "model/KeyStateHash.h"
#include "queue/QueueDatabase.h"
#include "study/Study.h"
#include "study/StudyDatabase.h"

namespace fs = std::filesystem;

namespace slicewise {

void Study::recordQueueJob(const StudyQueueJob& job) {
  requireWritable();
  std::lock_guard<std::mutex> guard(dbMutex_);
  db_->setContext("cannot record queue job " + std::to_string(job.jobId) + " in study " + dir_);
  StudyDatabase::Statement s(*db_, R"SQL(INSERT OR REPLACE INTO queue_jobs (queue_path, job_id, folder, predictor,
    axis, key_state, submitted, state, proposal_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))SQL");
  s.bind(1, job.queuePath).bind(2, job.jobId).bind(3, job.folder).bind(4, job.predictor)
      .bind(5, int64_t(job.axis)).bind(6, job.keyState)
      .bind(7, job.submittedUnixSeconds != 0 ? job.submittedUnixSeconds : int64_t(std::time(nullptr)))
      .bind(8, job.state).bind(9, job.proposalId).run();
}

std::vector<StudyQueueJob> Study::queueJobs() const {
  std::lock_guard<std::mutex> guard(dbMutex_);
  db_->setContext("cannot read the queue jobs of study " + dir_);
  std::vector<StudyQueueJob> out;
  StudyDatabase::Statement s(*db_, R"SQL(SELECT queue_path, job_id, folder, predictor, axis, key_state, submitted,
    state, proposal_id FROM queue_jobs ORDER BY submitted, job_id)SQL");
  while (s.step()) {
    StudyQueueJob j;
    j.queuePath = s.text(0);
    j.jobId = s.integer(1);
    j.folder = s.text(2);
    j.predictor = s.text(3);
    j.axis = SliceAxis(s.integer(4));
    j.keyState = s.text(5);
    j.submittedUnixSeconds = s.integer(6);
    j.state = s.text(7);
    j.proposalId = s.integer(8);
    out.push_back(std::move(j));
  }
  return out;
}

QueueImportReport Study::importFinishedJobs() {
  QueueImportReport report;
  for (StudyQueueJob job : queueJobs()) {
    if (job.state != "pending") continue;
    const std::string name = job.predictor + " job " + std::to_string(job.jobId);
    std::error_code ec;
    bool finished = false;
    // A worker may have moved the folder onto a cluster's shared storage (--jobs-root): the
    // queue knows where it is now.
    if (!fs::exists(fs::path(job.folder) / "proposal.json", ec) && fs::is_regular_file(job.queuePath, ec)) {
      try {
        if (const auto queued = QueueDatabase(job.queuePath).find(job.jobId);
            queued && !queued->request.folder.empty())
          job.folder = queued->request.folder;
      } catch (const std::exception&) {
        // Unreadable queue: the recorded folder is all there is; the report below says why.
      }
    }
    try {
      finished = fs::exists(job.folder, ec) && JobFolder::open(job.folder).hasProposal();
    } catch (const std::exception& e) {
      report.notes.push_back(name + ": " + e.what());
    }
    if (finished) {
      if (mode_ == Mode::ReadOnly) {
        ++report.waiting;
        continue;
      }
      try {
        const JobFolder folder = JobFolder::open(job.folder);
        Proposal proposal = folder.readProposal();
        if (proposal.labels.geometry().size != geometry().size)
          throw StudyError("its proposal is not on the study's grid");
        const int64_t id = storeProposal(proposal, &job);
        report.importedProposals.push_back(id);
        report.notes.push_back("imported the " + proposal.predictor + " proposal of queue job " +
                               std::to_string(job.jobId) + " as proposal " + std::to_string(id) +
                               (proposal.keyState != keyStateHash(annotation(), proposal.axis)
                                    ? " (stale: the keys changed while it trained)"
                                    : ""));
      } catch (const std::exception& e) {
        report.notes.push_back("cannot import " + name + " from " + job.folder + ": " + e.what());
      }
      continue;
    }
    // Not finished: still waiting or running, or given up by the queue.
    std::optional<QueueJob> queued;
    try {
      if (fs::is_regular_file(job.queuePath, ec)) queued = QueueDatabase(job.queuePath).find(job.jobId);
    } catch (const std::exception& e) {
      report.notes.push_back(name + ": " + e.what());
      ++report.running;
      continue;
    }
    // A failed or cancelled job stays pending here: `queue retry` may still finish it.
    if (queued && (queued->state == QueueState::Failed || queued->state == QueueState::Cancelled))
      ++report.ended;
    else if (queued)
      ++report.running;
    else
      report.notes.push_back(name + " is not in its queue " + job.queuePath + " any more");
  }
  return report;
}

}  // namespace slicewise
