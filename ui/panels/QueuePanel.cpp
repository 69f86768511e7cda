#include "ui/panels/QueuePanel.h"

#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <exception>

#include "queue/QueueDatabase.h"
#include "queue/SlurmRunner.h"
#include "ui/QueueSubmitter.h"
#include "ui/panels/RowTable.h"

namespace slicewise {

namespace {

QString eta(const QueueJob& job) {
  if (job.state != QueueState::Running || !job.etaSeconds) return {};
  const int s = int(*job.etaSeconds + 0.5);
  return s >= 3600 ? QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60)
                   : QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
}

// "running" for a local trainer; with a cluster scheduler's word while it runs there
// ("running: PENDING (Resources)").
QString stateText(const QueueJob& job) {
  QString state = QString::fromLatin1(queueStateName(job.state).data());
  if (job.state == QueueState::Running && !job.runnerState.empty())
    state += QStringLiteral(": ") + QString::fromStdString(job.runnerState);
  return state;
}

// Where the job runs: "local" or "slurm 1234_5" (the cluster's job ID), empty before it ran.
QString runnerText(const QueueJob& job) {
  if (job.runner.empty() || job.runner == "local") return QString::fromStdString(job.runner);
  return QString::fromStdString(job.runner + (job.runnerJobId.empty() ? "" : " " + job.runnerJobId));
}

}  // namespace

QueuePanel::QueuePanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  layout->addWidget(status_);
  table_ = makeRowTable({tr("Study"), tr("Network"), tr("State"), tr("Progress"), tr("ETA"), tr("Tries"), tr("Runner")},
                        this);
  layout->addWidget(table_, 1);
  // Two rows, so the dock stays narrow enough for a small window.
  auto* buttons = new QGridLayout;
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setToolTip(tr("Stop the selected job (a running trainer is stopped at the worker's next heartbeat)"));
  retry_ = new QPushButton(tr("Retry"), this);
  retry_->setToolTip(tr("Queue a failed or cancelled job again"));
  log_ = new QPushButton(tr("Log"), this);
  log_->setToolTip(tr("The selected job's failed attempts and the trainer's output"));
  auto* summary = new QPushButton(tr("Finished\u2026"), this);
  summary->setToolTip(tr("What finished since you last looked, per study"));
  buttons->addWidget(cancel_, 0, 0);
  buttons->addWidget(retry_, 0, 1);
  buttons->addWidget(log_, 1, 0);
  buttons->addWidget(summary, 1, 1);
  layout->addLayout(buttons);
  connect(cancel_, &QPushButton::clicked, this, &QueuePanel::cancelSelected);
  connect(retry_, &QPushButton::clicked, this, &QueuePanel::retrySelected);
  connect(log_, &QPushButton::clicked, this, &QueuePanel::showLogOfSelected);
  connect(summary, &QPushButton::clicked, this, &QueuePanel::summaryRequested);
  connect(table_, &QTableWidget::itemSelectionChanged, this, &QueuePanel::updateButtons);
  updateButtons();
  timer_.setInterval(2000);
  connect(&timer_, &QTimer::timeout, this, &QueuePanel::refresh);
  timer_.start();
}

QueuePanel::~QueuePanel() = default;

QueueDatabase* QueuePanel::queue() {
  const std::filesystem::path path = QueueSubmitter::queuePath();
  if (!queue_ || path != path_) {
    queue_.reset();
    path_ = path;
    std::error_code ec;
    // A queue nobody has used yet is not created just to be looked at.
    if (!std::filesystem::exists(path_, ec)) return nullptr;
    queue_ = std::make_unique<QueueDatabase>(path_);
  }
  return queue_.get();
}

void QueuePanel::refresh() {
  const int64_t keep = selected() ? selected()->id : -1;
  try {
    QueueDatabase* q = queue();
    jobs_ = q ? q->list() : std::vector<QueueJob>{};
  } catch (const std::exception& e) {
    queue_.reset();
    status_->setText(tr("Cannot read the queue: %1").arg(QString::fromUtf8(e.what()).split('\n').first()));
    return;
  }
  int waiting = 0, running = 0;
  table_->setRowCount(int(jobs_.size()));
  for (size_t i = 0; i < jobs_.size(); ++i) {
    const QueueJob& job = jobs_[i];
    const int row = int(i);
    const QStringList cells{QFileInfo(QString::fromStdString(job.request.study)).fileName(),
                            QString::fromStdString(job.request.predictor),
                            stateText(job),
                            QStringLiteral("%1 %").arg(int(job.progress * 100 + 0.5)),
                            eta(job),
                            QString::number(job.attempts),
                            runnerText(job)};
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      item->setData(Qt::UserRole, qlonglong(job.id));
      if (c == 0) item->setToolTip(QString::fromStdString(job.request.study));
      if (c == 6 && !job.runnerJobId.empty())
        item->setToolTip(job.runner == "local" ? tr("Trainer process %1 on the worker's machine")
                                                          .arg(QString::fromStdString(job.runnerJobId))
                                               : tr("Cluster job %1 (%2)")
                                                     .arg(QString::fromStdString(job.runnerJobId),
                                                          QString::fromStdString(job.runner)));
      table_->setItem(row, c, item);
    }
    if (job.id == keep) table_->selectRow(row);
    waiting += job.state == QueueState::Queued || job.state == QueueState::Scheduled;
    running += job.state == QueueState::Running;
    const auto last = lastStates_.find(job.id);
    if (!firstRead_ && job.state == QueueState::Done && (last == lastStates_.end() || last->second != QueueState::Done))
      Q_EMIT jobFinished(QString::fromStdString(job.request.study), qint64(job.id));
    lastStates_[job.id] = job.state;
  }
  firstRead_ = false;
  updateButtons();
  status_->setText(jobs_.empty() ? tr("No network jobs. Queue one from the worklist (Predict now / tonight); a "
                                      "worker trains it (slicewise-cli worker, or the slicewise-worker service).")
                                 : tr("%1 running, %2 waiting \u2014 %3").arg(running).arg(waiting)
                                       .arg(QString::fromStdString(path_.string())));
}

void QueuePanel::updateButtons() {
  const QueueJob* job = selected();
  cancel_->setEnabled(job && (job->state == QueueState::Queued || job->state == QueueState::Scheduled ||
                              job->state == QueueState::Running));
  retry_->setEnabled(job && (job->state == QueueState::Failed || job->state == QueueState::Cancelled));
  log_->setEnabled(job != nullptr);
}

const QueueJob* QueuePanel::selected() const {
  const auto rows = table_->selectionModel() ? table_->selectionModel()->selectedRows() : QModelIndexList{};
  if (rows.isEmpty()) return nullptr;
  const qlonglong id = table_->item(rows.first().row(), 0)->data(Qt::UserRole).toLongLong();
  for (const QueueJob& j : jobs_)
    if (j.id == id) return &j;
  return nullptr;
}

void QueuePanel::cancelSelected() {
  const QueueJob* job = selected();
  if (!job || !queue()) return;
  try {
    const QueueState was = queue()->cancel(job->id);
    if (was == QueueState::Running && job->runner == SlurmRunner::kName && !job->runnerJobId.empty()) {
      // A cluster job goes on without a worker: cancel it in Slurm too.
      SlurmRunner::cancel(job->runnerJobId);
      Q_EMIT message(tr("Cancelled job %1 (Slurm job %2)").arg(job->id).arg(QString::fromStdString(job->runnerJobId)));
    } else {
      Q_EMIT message(tr("Cancelled job %1").arg(job->id));
    }
  } catch (const std::exception& e) {
    Q_EMIT message(QString::fromUtf8(e.what()));
  }
  refresh();
}

void QueuePanel::retrySelected() {
  const QueueJob* job = selected();
  if (!job || !queue()) return;
  try {
    queue()->retry(job->id);
    Q_EMIT message(tr("Job %1 waits again").arg(job->id));
  } catch (const std::exception& e) {
    Q_EMIT message(QString::fromUtf8(e.what()));
  }
  refresh();
}

QString QueuePanel::logText(const QueueJob& job) {
  QString text = QString::fromStdString(job.log);
  QFile trainer(QString::fromStdString((std::filesystem::path(job.request.folder) / "trainer.log").string()));
  if (trainer.open(QIODevice::ReadOnly)) {
    const qint64 size = trainer.size();
    if (size > 64 * 1024) trainer.seek(size - 64 * 1024);  // the end is what matters
    const QString out = QString::fromUtf8(trainer.readAll());
    if (!out.isEmpty()) text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + tr("Trainer output:\n") + out;
  }
  return text.isEmpty() ? tr("Nothing logged yet.") : text;
}

void QueuePanel::showLogOfSelected() {
  const QueueJob* job = selected();
  if (!job) return;
  QDialog dialog(this);
  dialog.setWindowTitle(tr("Job %1 log").arg(job->id));
  auto* layout = new QVBoxLayout(&dialog);
  auto* view = new QPlainTextEdit(logText(*job), &dialog);
  view->setReadOnly(true);
  view->setLineWrapMode(QPlainTextEdit::NoWrap);
  layout->addWidget(view);
  auto* close = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
  connect(close, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  layout->addWidget(close);
  dialog.resize(760, 480);
  dialog.exec();
}

}  // namespace slicewise
