#include "ui/panels/ReviewPanel.h"

#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "study/Study.h"
#include "ui/StudyDocument.h"

namespace slicewise {

namespace {

QString axisLabel(SliceAxis a) { return QString::fromLatin1(axisName(a).data()); }

}  // namespace

ReviewPanel::ReviewPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  proposal_ = new QComboBox(this);
  compare_ = new QComboBox(this);
  form->addRow(tr("Proposal"), proposal_);
  form->addRow(tr("Compare with"), compare_);
  layout->addLayout(form);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  progress_ = new QLabel(this);
  layout->addWidget(status_);
  layout->addWidget(progress_);
  auto* decide = new QHBoxLayout;
  const auto button = [this](const QString& text, const QString& tip, void (ReviewPanel::*slot)()) {
    auto* b = new QPushButton(text, this);
    b->setToolTip(tip);
    connect(b, &QPushButton::clicked, this, slot);
    return b;
  };
  decide->addWidget(button(tr("Accept"), tr("The prediction is right (A)"), &ReviewPanel::accept));
  decide->addWidget(button(tr("Corrected"), tr("I corrected it with the tools (Shift+A)"), &ReviewPanel::markCorrected));
  decide->addWidget(button(tr("Reject"), tr("Back to the worklist (X)"), &ReviewPanel::reject));
  layout->addLayout(decide);
  auto* bulk = new QHBoxLayout;
  threshold_ = new QDoubleSpinBox(this);
  threshold_->setRange(0, 1);
  threshold_->setSingleStep(0.05);
  threshold_->setValue(0.9);
  bulk->addWidget(button(tr("Accept all \u2265"), tr("Accept every remaining slice at or above this confidence (Ctrl+Shift+A)"),
                         &ReviewPanel::acceptAbove));
  bulk->addWidget(threshold_);
  layout->addLayout(bulk);
  auto* more = new QHBoxLayout;
  suggestCount_ = new QSpinBox(this);
  suggestCount_->setRange(1, 100);
  suggestCount_->setValue(3);
  more->addWidget(button(tr("Suggest"), tr("Add the least certain unreviewed slices to the worklist (Ctrl+G)"),
                         &ReviewPanel::suggest));
  more->addWidget(suggestCount_);
  more->addWidget(new QLabel(tr("more slices"), this));
  layout->addLayout(more);
  list_ = new QListWidget(this);
  layout->addWidget(list_, 1);

  connect(proposal_, &QComboBox::currentIndexChanged, this, [this] {
    if (updating_ || !document_) return;
    const int64_t id = proposal_->currentData().toLongLong();
    if (id != document_->proposalId()) document_->showProposal(id);
  });
  connect(compare_, &QComboBox::currentIndexChanged, this, [this] {
    if (!updating_) setComparison(compare_->currentData().toLongLong());
  });
  connect(list_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) { show(size_t(list_->row(item))); });
}

void ReviewPanel::setDocument(StudyDocument* document) {
  if (document_) disconnect(document_, nullptr, this, nullptr);
  document_ = document;
  comparison_.reset();
  if (document_) {
    connect(document_, &StudyDocument::proposalChanged, this, [this] {
      current_ = 0;
      showing_ = false;
      refreshProposals();
      refresh();
    });
    connect(document_, &StudyDocument::marksChanged, this, &ReviewPanel::refresh);
  }
  refreshProposals();
  refresh();
}

void ReviewPanel::refreshProposals() {
  updating_ = true;
  proposal_->clear();
  compare_->clear();
  proposal_->addItem(tr("(none)"), qlonglong(0));
  compare_->addItem(tr("(none)"), qlonglong(0));
  if (document_) {
    for (const ProposalSummary& p : document_->study().proposals()) {
      const QString text = QStringLiteral("#%1 %2, %3, %4%5")
                               .arg(p.id)
                               .arg(QString::fromStdString(p.predictor), axisLabel(p.axis),
                                    QDateTime::fromSecsSinceEpoch(p.createdUnixSeconds).toString(QStringLiteral("MM-dd hh:mm")),
                                    document_->study().isStale(p) ? tr(" (stale)") : QString());
      proposal_->addItem(text, qlonglong(p.id));
      compare_->addItem(text, qlonglong(p.id));
    }
    proposal_->setCurrentIndex(std::max(0, proposal_->findData(qlonglong(document_->proposalId()))));
  }
  updating_ = false;
}

void ReviewPanel::setComparison(int64_t id) {
  comparison_.reset();
  if (document_ && id > 0) comparison_ = document_->study().loadProposal(id);
  refresh();
}

bool ReviewPanel::ready() const { return document_ && document_->proposal() && !document_->isReadOnly(); }

void ReviewPanel::refresh() {
  list_->clear();
  order_.clear();
  if (!document_ || !document_->proposal()) {
    status_->setText(tr("Predict from the worklist panel, or choose a stored proposal."));
    progress_->clear();
    return;
  }
  const Proposal& p = *document_->proposal();
  order_ = ReviewOrder::compute(p, document_->annotation().marks, comparison_ ? &*comparison_ : nullptr);
  size_t reviewed = 0;
  for (const ReviewItem& item : order_) {
    reviewed += item.reviewed ? 1 : 0;
    const SliceMark m = document_->annotation().marks.get(p.axis, item.slice);
    QString text = tr("%1 %2  confidence %3").arg(axisLabel(p.axis)).arg(item.slice).arg(item.confidence, 0, 'f', 2);
    if (comparison_) text += tr("  disagreement %1").arg(item.disagreement, 0, 'f', 2);
    if (item.reviewed) text += QStringLiteral("  \u2014 ") + QString::fromLatin1(reviewStateName(m.review).data());
    auto* row = new QListWidgetItem(text, list_);
    if (item.reviewed) row->setForeground(QColor(110, 200, 120));
  }
  progress_->setText(tr("%1 of %2 reviewed").arg(reviewed).arg(order_.size()));
  status_->setText(tr("%1 on %2 slices%3")
                       .arg(QString::fromStdString(p.predictor), axisLabel(p.axis),
                            document_->isProposalStale() ? tr("; the keys changed since: predict again to use them") : QString()));
  if (current_ < order_.size()) list_->setCurrentRow(int(current_));
}

std::optional<ReviewItem> ReviewPanel::current() const {
  if (current_ >= order_.size()) return std::nullopt;
  return order_[current_];
}

QString ReviewPanel::progressText() const { return progress_->text(); }

void ReviewPanel::show(size_t index) {
  if (index >= order_.size() || !document_ || !document_->proposal()) return;
  current_ = index;
  showing_ = true;
  list_->setCurrentRow(int(index));
  onSlice_.restart();
  Q_EMIT goToSlice(document_->proposal()->axis, order_[index].slice);
}

void ReviewPanel::next() {
  // The next slice not reviewed yet, after the one shown (wrapping); at first the first one.
  const size_t from = showing_ ? 1 : 0;
  for (size_t step = from; step < order_.size() + from; ++step) {
    const size_t i = (current_ + step) % order_.size();
    if (!order_[i].reviewed) return show(i);
  }
  if (!order_.empty()) Q_EMIT message(tr("Every predicted slice is reviewed"));
}

void ReviewPanel::previous() {
  if (!order_.empty()) show((current_ + order_.size() - 1) % order_.size());
}

void ReviewPanel::decided() {
  if (const auto item = current(); item && onSlice_.isValid())
    document_->study().addReviewSeconds(document_->proposal()->axis, item->slice, onSlice_.elapsed() / 1000.0);
  refresh();
  next();
}

void ReviewPanel::accept() {
  const auto item = current();
  if (!ready() || !item) return;
  try {
    document_->record(document_->editor().acceptSlices(*document_->proposal(), document_->proposalId(), {item->slice}));
  } catch (const std::exception& e) {
    return Q_EMIT message(QString::fromStdString(e.what()));
  }
  decided();
}

void ReviewPanel::markCorrected() {
  const auto item = current();
  if (!ready() || !item) return;
  document_->record(document_->editor().markCorrected(document_->proposal()->axis, item->slice));
  decided();
}

void ReviewPanel::reject() {
  const auto item = current();
  if (!ready() || !item) return;
  document_->record(document_->editor().reject(document_->proposal()->axis, item->slice));
  decided();
}

void ReviewPanel::acceptAbove() {
  if (!ready()) return;
  std::vector<int64_t> slices;
  for (const ReviewItem& item : order_)
    if (!item.reviewed && item.confidence >= threshold_->value()) slices.push_back(item.slice);
  if (slices.empty()) return Q_EMIT message(tr("No unreviewed slice reaches confidence %1").arg(threshold_->value()));
  try {
    document_->record(document_->editor().acceptSlices(*document_->proposal(), document_->proposalId(), slices));
  } catch (const std::exception& e) {
    return Q_EMIT message(QString::fromStdString(e.what()));
  }
  Q_EMIT message(tr("Accepted %1 slices at confidence \u2265 %2").arg(slices.size()).arg(threshold_->value()));
  refresh();
}

void ReviewPanel::suggest() {
  if (!ready()) return;
  const SliceAxis axis = document_->proposal()->axis;
  const std::vector<int64_t> more = ReviewOrder::suggest(order_, document_->annotation().marks, axis, size_t(suggestCount_->value()));
  if (more.empty()) return Q_EMIT message(tr("No slice left to suggest"));
  std::vector<int64_t> worklist = document_->annotation().marks.worklist(axis);
  worklist.insert(worklist.end(), more.begin(), more.end());
  document_->record(document_->editor().setWorklist(axis, worklist));
  QStringList names;
  for (int64_t s : more) names << QString::number(s);
  Q_EMIT message(tr("Added %1 slices to the %2 worklist: %3").arg(more.size()).arg(axisLabel(axis), names.join(QStringLiteral(", "))));
}

}  // namespace slicewise
