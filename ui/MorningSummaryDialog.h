#pragma once

#include <QDialog>
#include <cstdint>
#include <vector>

#include "cohort/Cohort.h"
#include "queue/QueueJob.h"

class QLabel;
class QTableWidget;

namespace slicewise {

// What the queue finished while nobody watched (the morning after a night of training): per
// job its study, network, when it finished, training time, slices predicted and mean confidence.
// Opening a row opens its study, whose proposal is then imported and ready for review.
class MorningSummaryDialog : public QDialog {
  Q_OBJECT

 public:
  // `jobs`: the queue's jobs; those done after `sinceUnixSeconds` are listed.
  MorningSummaryDialog(const std::vector<QueueJob>& jobs, int64_t sinceUnixSeconds, QWidget* parent = nullptr);
  QTableWidget* table() const { return table_; }
  int rows() const;
  // Across a cohort: a line with what waits in it (CohortPanel::summaryLine), each finished
  // job's study with its stage now, and the cohort's studies that wait for review although
  // nothing finished for them since (reviews left from before).
  void addCohort(const QString& name, const std::vector<CohortStudyStatus>& studies, const QString& summary);
  QLabel* cohortLine() const { return cohortLine_; }
  // Done jobs of the app's queue (QueueSubmitter::queuePath) finished after the last summary the
  // user saw (settings "queue/summarySeen"), which *since receives; empty without a queue.
  static std::vector<QueueJob> unseenFinishedJobs(int64_t* since);
  // Remembers that the user has seen everything finished until now.
  static void markSeen();

 Q_SIGNALS:
  void openStudy(const QString& folder);

 private:
  void addRow(const QStringList& cells, const QString& study);

  QTableWidget* table_;
  QLabel* cohortLine_;
};

}  // namespace slicewise
