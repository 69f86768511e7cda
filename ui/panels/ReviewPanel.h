#pragma once

#include <QElapsedTimer>
#include <QWidget>
#include <optional>
#include <vector>

#include "model/Proposal.h"
#include "model/ReviewOrder.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QSpinBox;

namespace slicewise {

class StudyDocument;

// Review of a proposal, slice by slice, lowest confidence first (with a second proposal to
// compare, greatest disagreement first): accept the slice, keep it after correcting it with the
// tools, or reject it back to the worklist; accept every remaining slice above a confidence; ask
// for the K slices where another annotated one would help most. Every decision is an undoable
// edit, and the time spent on each slice is kept in the study for the review report.
class ReviewPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ReviewPanel(QWidget* parent = nullptr);
  void setDocument(StudyDocument* document);

  const std::vector<ReviewItem>& order() const { return order_; }
  std::optional<ReviewItem> current() const;
  QString progressText() const;
  QListWidget* list() const { return list_; }
  void setComparison(int64_t proposalId);  // 0: none

 public Q_SLOTS:
  void accept();
  void markCorrected();
  void reject();
  void next();
  void previous();
  void acceptAbove();
  void suggest();
  void refresh();

 Q_SIGNALS:
  void goToSlice(slicewise::SliceAxis axis, int64_t index);
  void message(const QString& text);

 private:
  void refreshProposals();
  void show(size_t index);
  void decided();
  bool ready() const;

  StudyDocument* document_ = nullptr;
  QComboBox* proposal_;
  QComboBox* compare_;
  QLabel* status_;
  QLabel* progress_;
  QListWidget* list_;
  QDoubleSpinBox* threshold_;
  QSpinBox* suggestCount_;
  std::vector<ReviewItem> order_;
  std::optional<Proposal> comparison_;
  size_t current_ = 0;
  bool showing_ = false;  // current_ is on screen (else the first step shows it)
  QElapsedTimer onSlice_;
  bool updating_ = false;
};

}  // namespace slicewise
