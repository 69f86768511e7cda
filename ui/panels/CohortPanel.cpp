#include "ui/panels/CohortPanel.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <exception>

#include "cohort/CohortPlanner.h"
#include "cohort/CohortScheduler.h"
#include "queue/QueueDatabase.h"
#include "ui/QueueSubmitter.h"
#include "ui/panels/RowTable.h"

namespace slicewise {

namespace {

std::vector<CohortStudyStatus> readStatus(const QString& folder) {
  try {
    return Cohort::open(folder.toStdString())->status();
  } catch (const std::exception& e) {
    CohortStudyStatus s;
    s.error = e.what();
    return {s};
  }
}

QString stageText(const CohortStudyStatus& s) {
  return s.error.empty() ? QString::fromUtf8(studyStageName(s.progress.stage).data()) : QObject::tr("unreadable");
}

}  // namespace

CohortPanel::CohortPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  title_ = new QLabel(tr("No cohort open: File \u203a Open Cohort\u2026"), this);
  title_->setWordWrap(true);
  layout->addWidget(title_);
  table_ = makeRowTable({tr("Study"), tr("Stage"), tr("Progress")}, this);
  layout->addWidget(table_, 1);
  totals_ = new QLabel(this);
  totals_->setWordWrap(true);
  layout->addWidget(totals_);
  auto* buttons = new QHBoxLayout;
  next_ = new QPushButton(tr("Next Study"), this);
  next_->setToolTip(tr("Open the study to work on now: keys missing first, then proposals to review"));
  next_->setEnabled(false);
  queue_ = new QPushButton(tr("Queue Tonight"), this);
  queue_->setToolTip(tr("Queue every study with keys and no proposal for tonight, warm from the cohort model "
                        "where one is ready; a new cohort model when studies were finished"));
  queue_->setEnabled(false);
  auto* refresh = new QPushButton(tr("Refresh"), this);
  buttons->addWidget(next_);
  buttons->addWidget(queue_);
  buttons->addWidget(refresh);
  layout->addLayout(buttons);
  connect(next_, &QPushButton::clicked, this, &CohortPanel::openNextStudy);
  connect(queue_, &QPushButton::clicked, this, &CohortPanel::queueTonight);
  connect(&queueing_, &QFutureWatcher<QString>::finished, this, [this] {
    queue_->setEnabled(!folder_.isEmpty());
    Q_EMIT message(queueing_.result());
    Q_EMIT queued();
    this->refresh();
  });
  connect(refresh, &QPushButton::clicked, this, [this] { this->refresh(); });
  connect(table_, &QTableWidget::itemDoubleClicked, this, [this](QTableWidgetItem* item) {
    const int row = item->row();
    if (row >= 0 && row < int(studies_.size())) Q_EMIT openStudy(QString::fromStdString(studies_[size_t(row)].folder));
  });
  connect(&watcher_, &QFutureWatcher<std::vector<CohortStudyStatus>>::finished, this, [this] {
    show(watcher_.result());
    if (refreshAgain_) {
      refreshAgain_ = false;
      this->refresh();
    }
  });
  timer_.setInterval(30000);
  connect(&timer_, &QTimer::timeout, this, [this] { this->refresh(); });
}

CohortPanel::~CohortPanel() {
  watcher_.waitForFinished();
  queueing_.waitForFinished();
}

bool CohortPanel::openCohort(const QString& folder) {
  if (!folder.isEmpty()) {
    try {
      auto cohort = Cohort::open(folder.toStdString());  // recovers interrupted adds once, here
      for (const auto& note : cohort->openNotes()) Q_EMIT message(QString::fromStdString(note));
    } catch (const std::exception& e) {
      Q_EMIT message(QString::fromStdString(e.what()));
      return false;
    }
  }
  folder_ = folder;
  studies_.clear();
  title_->setText(folder.isEmpty() ? tr("No cohort open") : tr("Cohort %1").arg(QFileInfo(folder).fileName()));
  if (folder.isEmpty()) {
    timer_.stop();
    show({});
    return true;
  }
  timer_.start();
  refresh();
  return true;
}

void CohortPanel::refresh(bool wait) {
  if (folder_.isEmpty()) return;
  if (watcher_.isRunning()) {
    refreshAgain_ = !wait;
    if (!wait) return;
    watcher_.waitForFinished();
  }
  const QString folder = folder_;
  watcher_.setFuture(QtConcurrent::run([folder] { return readStatus(folder); }));
  if (wait) {
    watcher_.waitForFinished();
    show(watcher_.result());
  }
}

void CohortPanel::show(std::vector<CohortStudyStatus> studies) {
  studies_ = std::move(studies);
  table_->setRowCount(int(studies_.size()));
  for (int row = 0; row < int(studies_.size()); ++row) {
    const CohortStudyStatus& s = studies_[size_t(row)];
    QString progress = s.error.empty() ? QString::fromStdString(s.progress.describe()) : QString::fromStdString(s.error);
    if (!s.labelConflicts.empty()) progress = tr("label conflict: %1").arg(QString::fromStdString(s.labelConflicts[0]));
    const QStringList cells{QString::fromStdString(s.entry.name), stageText(s), progress};
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      item->setToolTip(QString::fromStdString(s.folder));
      if (!s.error.empty() || !s.labelConflicts.empty()) item->setForeground(QColor(200, 60, 40));
      table_->setItem(row, c, item);
    }
  }
  const CohortTotals t = Cohort::totals(studies_);
  next_->setEnabled(!studies_.empty());
  queue_->setEnabled(!studies_.empty() && !queueing_.isRunning());
  totals_->setText(studies_.empty() ? QString()
                                    : tr("%1 studies \u2022 %2 slices drawn, %3 accepted, %4 corrected \u2022 %5")
                                          .arg(t.studies)
                                          .arg(t.drawn)
                                          .arg(t.accepted)
                                          .arg(t.corrected)
                                          .arg(summaryLine()));
}

QString CohortPanel::summaryLine() const {
  const CohortTotals t = Cohort::totals(studies_);
  const auto count = [&](StudyStage s) {
    const auto it = t.stages.find(s);
    return it == t.stages.end() ? 0 : it->second;
  };
  QStringList parts;
  if (const int n = count(StudyStage::Predicted) + count(StudyStage::Reviewing)) parts << tr("%1 to review").arg(n);
  if (const int n = count(StudyStage::New) + count(StudyStage::Annotating)) parts << tr("%1 to annotate").arg(n);
  if (const int n = count(StudyStage::Queued)) parts << tr("%1 queued").arg(n);
  if (const int n = count(StudyStage::Done) + count(StudyStage::Exported)) parts << tr("%1 done").arg(n);
  if (t.flagged) parts << tr("%1 flagged").arg(t.flagged);
  return parts.join(QStringLiteral(", "));
}

namespace {

QString queueCohortTonight(const QString& folder, const QString& openStudy) {
  try {
    auto cohort = Cohort::open(folder.toStdString());
    QueueDatabase queue(QueueSubmitter::queuePath());
    CohortQueueRequest request;
    request.job.when = QueueWhen::Tonight;
    if (!openStudy.isEmpty()) request.skipFolders.insert(QFileInfo(openStudy).absoluteFilePath().toStdString());
    const QVariant iterations = QSettings().value(QStringLiteral("queue/iterations"));
    if (iterations.isValid() && iterations.toLongLong() > 0) request.job.parameters.iterations = iterations.toLongLong();
    const CohortQueueReport r = CohortScheduler::queue(*cohort, queue, request);
    const auto warm = std::count_if(r.queued.begin(), r.queued.end(), [](const auto& q) { return q.warm; });
    QString text = QObject::tr("Queued %n study(ies) for tonight", nullptr, int(r.queued.size()));
    if (warm) text += QObject::tr(", %1 warm from the cohort model").arg(warm);
    if (r.modelJobId) text += QObject::tr("; a new cohort model learns from the finished studies");
    for (const std::string& skipped : r.skipped)
      text += QObject::tr("; %1 is open here: queue it with Worklist \u203a Predict Tonight")
                  .arg(QFileInfo(QString::fromStdString(skipped)).fileName());
    for (const std::string& note : r.notes)
      if (note.rfind("queued a cohort model", 0) != 0) text += QStringLiteral("; ") + QString::fromStdString(note);
    return text;
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
}

}  // namespace

void CohortPanel::queueTonight() {
  if (folder_.isEmpty() || queueing_.isRunning()) return;
  queue_->setEnabled(false);
  const QString folder = folder_, open = openStudy_;
  queueing_.setFuture(QtConcurrent::run([folder, open] { return queueCohortTonight(folder, open); }));
}

void CohortPanel::openNextStudy() {
  if (folder_.isEmpty()) {
    Q_EMIT message(tr("Open a cohort first (File \u203a Open Cohort\u2026)"));
    return;
  }
  refresh(true);
  const CohortNextChoice choice = CohortPlanner::next(studies_);
  if (choice.index) {
    table_->selectRow(int(*choice.index));
    Q_EMIT openStudy(QString::fromStdString(studies_[*choice.index].folder));
    Q_EMIT message(tr("%1: %2").arg(QString::fromStdString(studies_[*choice.index].entry.name),
                                    QString::fromStdString(choice.reason)));
  } else {
    Q_EMIT message(QString::fromStdString(choice.reason));
  }
}

}  // namespace slicewise
