#include "ui/MorningSummaryDialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>
#include <exception>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "queue/QueueDatabase.h"
#include "ui/QueueSubmitter.h"

namespace slicewise {

MorningSummaryDialog::MorningSummaryDialog(const std::vector<QueueJob>& jobs, int64_t sinceUnixSeconds, QWidget* parent)
    : QDialog(parent) {
  setWindowTitle(tr("Finished in the Queue"));
  auto* layout = new QVBoxLayout(this);
  cohortLine_ = new QLabel(this);
  cohortLine_->setVisible(false);
  layout->addWidget(cohortLine_);
  table_ = new QTableWidget(0, 7, this);
  table_->setHorizontalHeaderLabels({tr("Study"), tr("Network"), tr("Finished"), tr("Training"),
                                     tr("Slices predicted"), tr("Mean confidence"), tr("Stage")});
  table_->setColumnHidden(6, true);
  table_->verticalHeader()->setVisible(false);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  for (const QueueJob& job : jobs) {
    if (job.state != QueueState::Done || job.finished <= sinceUnixSeconds) continue;
    const nlohmann::json result = nlohmann::json::parse(job.resultJson, nullptr, false);
    const auto number = [&](const char* key) {
      return result.is_object() && result.contains(key) && result[key].is_number() ? result[key].get<double>() : -1.0;
    };
    const double seconds = number("training_seconds");
    const double slices = number("slices_predicted");
    const double confidence = number("mean_confidence");
    const QString study = QString::fromStdString(job.request.study);
    // A cohort's model job belongs to the cohort folder, not to a study.
    const bool cohortModel = Cohort::isCohort(job.request.study);
    const QStringList cells{cohortModel ? tr("cohort model of %1").arg(QFileInfo(study).fileName()) : QFileInfo(study).fileName(),
                            QString::fromStdString(job.request.predictor),
                            QDateTime::fromSecsSinceEpoch(job.finished).toString(QStringLiteral("ddd hh:mm")),
                            seconds >= 0 ? tr("%1 min").arg(seconds / 60.0, 0, 'f', 1) : QString(),
                            slices >= 0 ? QString::number(qint64(slices)) : QString(),
                            confidence >= 0 ? QString::number(confidence, 'f', 2) : QString()};
    addRow(cells, study);
  }
  auto* hint = new QLabel(rows() ? tr("Open a study to review its proposal, least certain slices first.")
                                 : tr("Nothing finished since you last looked."),
                          this);
  layout->addWidget(hint);
  layout->addWidget(table_, 1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  QPushButton* open = buttons->addButton(tr("Open for Review"), QDialogButtonBox::AcceptRole);
  open->setEnabled(false);
  connect(table_, &QTableWidget::itemSelectionChanged, this, [this, open] { open->setEnabled(!table_->selectedItems().isEmpty()); });
  const auto openSelected = [this] {
    if (table_->selectedItems().isEmpty()) return;
    const QString folder = table_->selectedItems().first()->data(Qt::UserRole).toString();
    accept();
    Q_EMIT openStudy(folder);
  };
  connect(open, &QPushButton::clicked, this, openSelected);
  connect(table_, &QTableWidget::itemDoubleClicked, this, openSelected);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(760, 360);
}

int MorningSummaryDialog::rows() const { return table_->rowCount(); }

void MorningSummaryDialog::addRow(const QStringList& cells, const QString& study) {
  const int row = table_->rowCount();
  table_->insertRow(row);
  for (int c = 0; c < table_->columnCount(); ++c) {
    auto* item = new QTableWidgetItem(cells.value(c));
    item->setData(Qt::UserRole, study);
    item->setToolTip(study);
    table_->setItem(row, c, item);
  }
}

void MorningSummaryDialog::addCohort(const QString& name, const std::vector<CohortStudyStatus>& studies,
                                     const QString& summary) {
  cohortLine_->setText(tr("Cohort %1: %2").arg(name, summary.isEmpty() ? tr("empty") : summary));
  cohortLine_->setVisible(true);
  table_->setColumnHidden(6, false);
  const auto stageOf = [](const CohortStudyStatus& s) {
    QString text = QString::fromUtf8(studyStageName(s.progress.stage).data());
    if (const std::string d = s.progress.describe(); !d.empty()) text += QStringLiteral(" (%1)").arg(QString::fromStdString(d));
    return text;
  };
  QSet<QString> listed;
  for (int row = 0; row < table_->rowCount(); ++row) {
    const QString study = table_->item(row, 0)->data(Qt::UserRole).toString();
    for (const CohortStudyStatus& s : studies)
      if (QFileInfo(QString::fromStdString(s.folder)) == QFileInfo(study)) {
        table_->item(row, 6)->setText(stageOf(s));
        listed.insert(QFileInfo(study).canonicalFilePath());
      }
  }
  for (const CohortStudyStatus& s : studies) {
    const QString folder = QString::fromStdString(s.folder);
    if (!s.error.empty() || listed.contains(QFileInfo(folder).canonicalFilePath())) continue;
    if (s.progress.stage != StudyStage::Predicted && s.progress.stage != StudyStage::Reviewing) continue;
    addRow({QString::fromStdString(s.entry.name), QString(), tr("earlier"), QString(), QString(), QString(), stageOf(s)},
           folder);
  }
}

std::vector<QueueJob> MorningSummaryDialog::unseenFinishedJobs(int64_t* since) {
  *since = QSettings().value(QStringLiteral("queue/summarySeen"), qlonglong(0)).toLongLong();
  std::vector<QueueJob> unseen;
  try {
    const std::filesystem::path path = QueueSubmitter::queuePath();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return unseen;
    QueueDatabase queue(path);
    for (const QueueJob& j : queue.list())
      if (j.state == QueueState::Done && j.finished > *since) unseen.push_back(j);
  } catch (const std::exception&) {
    // An unreadable queue shows in the queue panel; the summary stays quiet.
  }
  return unseen;
}

void MorningSummaryDialog::markSeen() {
  QSettings().setValue(QStringLiteral("queue/summarySeen"), qlonglong(QDateTime::currentSecsSinceEpoch()));
}

}  // namespace slicewise
