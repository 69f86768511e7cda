#pragma once

#include <QFutureWatcher>
#include <QString>
#include <QTimer>
#include <QWidget>
#include <vector>

#include "cohort/Cohort.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace slicewise {

// The cohort the person works through: every study with its stage and progress, the totals,
// the next study to work on and why. Stages are read on a worker thread (each study is opened
// read-only, which takes a moment for large ones) when the cohort opens, when a study was saved
// and every 30 seconds, so the panel follows the queue overnight without stalling the window.
class CohortPanel : public QWidget {
  Q_OBJECT

 public:
  explicit CohortPanel(QWidget* parent = nullptr);
  ~CohortPanel() override;

  // Opens the cohort folder (CohortError's message goes to message()); empty closes it.
  bool openCohort(const QString& folder);
  const QString& folder() const { return folder_; }
  // Reads the stages again; `wait` blocks until done (tests, the morning summary).
  void refresh(bool wait = false);
  const std::vector<CohortStudyStatus>& studies() const { return studies_; }
  QTableWidget* table() const { return table_; }
  QLabel* totalsLabel() const { return totals_; }
  // The study open in the window (it holds it locked): Queue Tonight leaves it to the worklist.
  void setOpenStudy(const QString& folder) { openStudy_ = folder; }
  // A one-line summary across the cohort for the morning summary ("2 proposals to review, ...").
  QString summaryLine() const;

 public Q_SLOTS:
  // Opens the study CohortPlanner chooses and says why; says so when nothing waits.
  void openNextStudy();
  // `cohort queue --when tonight` on a worker thread: every study with keys and no proposal,
  // warm from the cohort model where one is ready, and a new cohort model when studies finished.
  void queueTonight();

 Q_SIGNALS:
  void openStudy(const QString& folder);
  void message(const QString& text);
  void queued();

 private:
  void show(std::vector<CohortStudyStatus> studies);

  QString folder_, openStudy_;
  std::vector<CohortStudyStatus> studies_;
  QFutureWatcher<std::vector<CohortStudyStatus>> watcher_;
  bool refreshAgain_ = false;
  QLabel* title_;
  QLabel* totals_;
  QTableWidget* table_;
  QPushButton* next_;
  QPushButton* queue_;
  QFutureWatcher<QString> queueing_;
  QTimer timer_;
};

}  // namespace slicewise
