#pragma once

#include <QTimer>
#include <QWidget>
#include <filesystem>
#include <map>
#include <memory>

#include "queue/QueueJob.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace slicewise {

class QueueDatabase;

// The overnight queue as the workers see it: every job with its study, network, state (with a
// cluster scheduler's state while it runs there), progress, ETA, attempts and runner (local, or
// slurm and its Slurm job ID), refreshed every two seconds from the queue's database (the
// workers run elsewhere: a systemd service, `slicewise-cli worker`). Cancel (scancel for a
// Slurm job), retry and the log of the selected job; tells the window when a job finishes so its
// study imports the proposal.
class QueuePanel : public QWidget {
  Q_OBJECT

 public:
  explicit QueuePanel(QWidget* parent = nullptr);
  ~QueuePanel() override;

  // Reads the queue again (also on the timer). The database is opened on first need.
  void refresh();
  QTableWidget* table() const { return table_; }
  const std::vector<QueueJob>& jobs() const { return jobs_; }
  // The log of a job: each failed attempt's entry and the trainer's output so far.
  static QString logText(const QueueJob& job);

 public Q_SLOTS:
  void cancelSelected();
  void retrySelected();
  void showLogOfSelected();

 Q_SIGNALS:
  // A job went from waiting or running to done since the last refresh.
  void jobFinished(const QString& studyFolder, qint64 jobId);
  void summaryRequested();
  void message(const QString& text);

 private:
  const QueueJob* selected() const;
  void updateButtons();
  QueueDatabase* queue();

  std::filesystem::path path_;
  std::unique_ptr<QueueDatabase> queue_;
  std::vector<QueueJob> jobs_;
  std::map<int64_t, QueueState> lastStates_;
  bool firstRead_ = true;
  QTableWidget* table_;
  QLabel* status_;
  QPushButton* cancel_;
  QPushButton* retry_;
  QPushButton* log_;
  QTimer timer_;
};

}  // namespace slicewise
