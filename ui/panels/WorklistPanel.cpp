#include "ui/panels/WorklistPanel.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QUnhandledException>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "mlloader/MlModule.h"
#include "predict/SlicePredictor.h"
#include "select/AxisAdvice.h"
#include "select/SelectorFactory.h"
#include "select/SliceBudget.h"
#include "ui/PredictionRunner.h"
#include "ui/QueueSubmitter.h"
#include "ui/StudyDocument.h"

namespace slicewise {

namespace {

QString axisLabel(SliceAxis a) { return QString::fromLatin1(axisName(a).data()); }

QString stateOf(const SliceMark& m) {
  if (m.annotation != AnnotationState::None) return QString::fromLatin1(annotationStateName(m.annotation).data());
  if (m.review != ReviewState::None) return QString::fromLatin1(reviewStateName(m.review).data());
  return QObject::tr("to annotate");
}

}  // namespace

WorklistPanel::WorklistPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  axis_ = new QComboBox(this);
  for (SliceAxis a : kAllAxes) axis_->addItem(axisLabel(a), int(a));
  form->addRow(tr("Axis"), axis_);
  advice_ = new QLabel(this);
  advice_->setWordWrap(true);
  advice_->setStyleSheet(QStringLiteral("color: #c8a040"));
  form->addRow(advice_);
  selector_ = new QComboBox(this);
  for (const std::string& n : coreSelectorNames()) selector_->addItem(QString::fromStdString(n));
  selector_->addItem(QStringLiteral("perceptual"));
  selector_->setCurrentText(QStringLiteral("keep_n"));  // the paper's overall recommendation
  form->addRow(tr("Selector"), selector_);
  budget_ = new QDoubleSpinBox(this);
  budget_->setRange(1, 100);
  budget_->setValue(20);
  budget_->setSuffix(QStringLiteral(" %"));
  form->addRow(tr("Budget"), budget_);
  layout->addLayout(form);
  build_ = new QPushButton(tr("Build worklist"), this);
  build_->setToolTip(tr("Choose the slices to annotate with the selector (replaces the axis' worklist)"));
  layout->addWidget(build_);
  progress_ = new QLabel(this);
  layout->addWidget(progress_);
  list_ = new QListWidget(this);
  layout->addWidget(list_, 1);

  auto* predictRow = new QHBoxLayout;
  predictor_ = new QComboBox(this);
  for (const std::string& n : interpolationPredictorNames()) predictor_->addItem(QString::fromStdString(n));
  predictor_->setCurrentText(QStringLiteral("shape"));
  predict_ = new QPushButton(tr("Predict"), this);
  predict_->setToolTip(tr("Fill the other slices from the annotated ones; shown as a proposal (P)"));
  predictRow->addWidget(predictor_, 1);
  predictRow->addWidget(predict_);
  layout->addLayout(predictRow);
  // Networks train for minutes to hours: they go to the overnight queue, never into this process.
  auto* queueRow = new QHBoxLayout;
  network_ = new QComboBox(this);
  for (const char* n : {"unet", "deeplab", "manet"}) network_->addItem(QString::fromLatin1(n));
  network_->setToolTip(tr("The network the queue trains on these keys"));
  // Narrow enough that the worklist dock fits a small window beside three views.
  network_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  network_->setMinimumContentsLength(5);
  queueNow_ = new QPushButton(tr("Predict now"), this);
  queueNow_->setToolTip(tr("Queue the network on these keys for the next free worker"));
  queueTonight_ = new QPushButton(tr("Tonight"), this);
  queueTonight_->setToolTip(tr("Queue the network on these keys for the night window"));
  queueRow->addWidget(network_, 1);
  queueRow->addWidget(queueNow_);
  queueRow->addWidget(queueTonight_);
  layout->addLayout(queueRow);
  predictProgress_ = new QProgressBar(this);
  predictProgress_->setVisible(false);
  layout->addWidget(predictProgress_);
  showProposal_ = new QCheckBox(tr("Show proposal"), this);
  showProposal_->setChecked(true);
  layout->addWidget(showProposal_);

  runner_ = new PredictionRunner(this);
  connect(build_, &QPushButton::clicked, this, &WorklistPanel::buildWorklist);
  connect(predict_, &QPushButton::clicked, this, &WorklistPanel::predict);
  connect(queueNow_, &QPushButton::clicked, this, [this] { queueNetwork(QueueWhen::Now); });
  connect(queueTonight_, &QPushButton::clicked, this, [this] { queueNetwork(QueueWhen::Tonight); });
  connect(axis_, &QComboBox::currentIndexChanged, this, [this] {
    showAdvice();
    refresh();
  });
  connect(list_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    Q_EMIT goToSlice(axis(), item->data(Qt::UserRole).toLongLong());
  });
  connect(&selection_, &QFutureWatcher<std::vector<int64_t>>::finished, this, &WorklistPanel::selectionDone);
  connect(showProposal_, &QCheckBox::toggled, this, &WorklistPanel::proposalVisibilityChanged);
  connect(runner_, &PredictionRunner::progress, predictProgress_, &QProgressBar::setValue);
  connect(runner_, &PredictionRunner::finished, this, [this](const QString& summary) {
    predictProgress_->setVisible(false);
    predict_->setText(tr("Predict"));
    setProposalVisible(true);
    Q_EMIT message(summary);
  });
  connect(runner_, &PredictionRunner::failed, this, [this](const QString& why) {
    predictProgress_->setVisible(false);
    predict_->setText(tr("Predict"));
    Q_EMIT message(why);
  });
}

WorklistPanel::~WorklistPanel() { selection_.waitForFinished(); }

void WorklistPanel::setDocument(StudyDocument* document) {
  if (document_) disconnect(document_, nullptr, this, nullptr);
  runner_->cancel();
  runner_->wait();
  document_ = document;
  if (document_) {
    connect(document_, &StudyDocument::marksChanged, this, &WorklistPanel::refresh);
    // Start on the axis that has a worklist, else the advised one.
    const SliceMarks& marks = document_->annotation().marks;
    std::optional<SliceAxis> start;
    for (SliceAxis a : kAllAxes)
      if (!start && !marks.worklist(a).empty()) start = a;
    if (!start) start = AxisAdvice::forGeometry(document_->geometry()).recommended;
    setAxis(start.value_or(SliceAxis::Axial));
  }
  const bool editable = document_ && !document_->isReadOnly();
  build_->setEnabled(editable);
  predict_->setEnabled(document_ != nullptr);
  queueNow_->setEnabled(editable);
  queueTonight_->setEnabled(editable);
  showAdvice();
  refresh();
}

SliceAxis WorklistPanel::axis() const { return SliceAxis(axis_->currentData().toInt()); }

void WorklistPanel::setAxis(SliceAxis a) { axis_->setCurrentIndex(axis_->findData(int(a))); }

void WorklistPanel::showAdvice() {
  if (!document_) return advice_->clear();
  const AxisAdvice advice = AxisAdvice::forGeometry(document_->geometry());
  if (advice.recommended && *advice.recommended != axis())
    advice_->setText(tr("Advice: annotate %1 slices. %2").arg(axisLabel(*advice.recommended),
                                                              QString::fromStdString(advice.reason)));
  else if (advice.recommended)
    advice_->setText(tr("Recommended axis for this volume."));
  else
    advice_->clear();
}

std::optional<int64_t> WorklistPanel::nextToAnnotate() const {
  if (!document_) return std::nullopt;
  const SliceMarks& marks = document_->annotation().marks;
  for (int64_t s : marks.worklist(axis()))
    if (!marks.get(axis(), s).isKey()) return s;
  return std::nullopt;
}

QString WorklistPanel::progressText() const { return progress_->text(); }

void WorklistPanel::refresh() {
  list_->clear();
  if (!document_) return progress_->clear();
  const SliceMarks& marks = document_->annotation().marks;
  const std::vector<int64_t> list = marks.worklist(axis());
  int done = 0;
  for (size_t r = 0; r < list.size(); ++r) {
    const SliceMark m = marks.get(axis(), list[r]);
    done += m.isKey() ? 1 : 0;
    auto* item = new QListWidgetItem(tr("%1. slice %2 \u2014 %3").arg(r + 1).arg(list[r]).arg(stateOf(m)), list_);
    item->setData(Qt::UserRole, qlonglong(list[r]));
    if (m.isKey()) item->setForeground(QColor(110, 200, 120));
  }
  const size_t keys = marks.keySlices(axis()).size();
  progress_->setText(list.empty() ? tr("No worklist on the %1 axis (%2 key slices)").arg(axisLabel(axis())).arg(keys)
                                  : tr("%1 of %2 annotated").arg(done).arg(list.size()));
}

void WorklistPanel::buildWorklist() {
  if (!document_ || document_->isReadOnly() || selecting()) return;
  std::shared_ptr<SliceSelector> selector = makeCoreSelector(selector_->currentText().toStdString());
  if (!selector) {
    std::string error;
    if (const MlModule* module = MlModule::instance(&error)) selector = module->createSelector("perceptual");
    if (!selector) return Q_EMIT message(tr("The perceptual selector is not available: %1").arg(QString::fromStdString(error)));
  }
  selectionAxis_ = axis();
  SelectionRequest request;
  request.axis = selectionAxis_;
  request.count = budgetToCount(budget_->value(), slicePlane(document_->geometry(), selectionAxis_).count);
  const Volume* image = &document_->image();
  build_->setEnabled(false);
  build_->setText(tr("Selecting\u2026"));
  selection_.setFuture(QtConcurrent::run([selector, image, request] { return selector->select(*image, request); }));
}

void WorklistPanel::waitForSelection() {
  selection_.waitForFinished();
  QCoreApplication::processEvents();
}

void WorklistPanel::selectionDone() {
  build_->setText(tr("Build worklist"));
  build_->setEnabled(document_ && !document_->isReadOnly());
  if (!document_) return;
  try {
    std::vector<int64_t> slices;
    try {
      slices = selection_.result();
    } catch (const QUnhandledException& e) {
      if (e.exception()) std::rethrow_exception(e.exception());
      throw;
    }
    document_->record(document_->editor().setWorklist(selectionAxis_, slices));
    Q_EMIT message(tr("Worklist: %1 %2 slices").arg(slices.size()).arg(axisLabel(selectionAxis_)));
    if (!slices.empty()) Q_EMIT goToSlice(selectionAxis_, slices.front());
  } catch (const std::exception& e) {
    Q_EMIT message(tr("Cannot build the worklist: %1").arg(QString::fromStdString(e.what())));
  }
}

void WorklistPanel::predict() {
  if (!document_) return;
  if (runner_->running()) {
    runner_->cancel();
    return;
  }
  QString why;
  if (!runner_->start(document_, predictor_->currentText(), axis(), &why)) return Q_EMIT message(tr("Cannot predict: %1").arg(why));
  predictProgress_->setValue(0);
  predictProgress_->setVisible(true);
  predict_->setText(tr("Cancel"));
}

bool WorklistPanel::proposalVisible() const { return showProposal_->isChecked(); }

void WorklistPanel::setProposalVisible(bool visible) { showProposal_->setChecked(visible); }

void WorklistPanel::queueNetwork(QueueWhen when) {
  if (!document_) return;
  QString why;
  const int64_t id = QueueSubmitter::submit(*document_, network_->currentText(), axis(), when, &why);
  if (id < 0) return Q_EMIT message(tr("Cannot queue: %1").arg(why));
  Q_EMIT message(when == QueueWhen::Now ? tr("Queued %1 as job %2: a worker trains it next").arg(network_->currentText()).arg(id)
                                        : tr("Queued %1 as job %2 for tonight").arg(network_->currentText()).arg(id));
  Q_EMIT queued(qint64(id));
}

}  // namespace slicewise
