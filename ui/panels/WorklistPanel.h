#pragma once

#include <QFutureWatcher>
#include <QWidget>
#include <optional>
#include <vector>

#include "model/SliceAxis.h"
#include "queue/QueueJob.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace slicewise {

class PredictionRunner;
class StudyDocument;

// The radiologist's worklist: the selector's slices in the order to annotate them, with each
// slice's state and the progress ("7 of 24"). Choosing axis (with the advice for anisotropic
// voxels), selector and budget rebuilds it off the GUI thread; an interpolating predictor shows
// its proposal over the labels at once.
class WorklistPanel : public QWidget {
  Q_OBJECT

 public:
  explicit WorklistPanel(QWidget* parent = nullptr);
  ~WorklistPanel() override;
  void setDocument(StudyDocument* document);

  SliceAxis axis() const;
  void setAxis(SliceAxis axis);
  // The first worklist slice on the axis that is not annotated yet.
  std::optional<int64_t> nextToAnnotate() const;
  QString progressText() const;
  QListWidget* list() const { return list_; }
  PredictionRunner* predictionRunner() const { return runner_; }
  bool selecting() const { return selection_.isRunning(); }
  // Builds the worklist with the chosen selector and budget (asynchronous; waitForSelection).
  void buildWorklist();
  void waitForSelection();
  void predict();
  // Sends the keys on the axis to the overnight queue for the chosen network.
  void queueNetwork(QueueWhen when);
  bool proposalVisible() const;
  void setProposalVisible(bool visible);

 Q_SIGNALS:
  void goToSlice(slicewise::SliceAxis axis, int64_t index);
  void proposalVisibilityChanged(bool visible);
  void message(const QString& text);
  void queued(qint64 jobId);

 private:
  void refresh();
  void showAdvice();
  void selectionDone();

  StudyDocument* document_ = nullptr;
  QComboBox* axis_;
  QLabel* advice_;
  QComboBox* selector_;
  QDoubleSpinBox* budget_;
  QPushButton* build_;
  QListWidget* list_;
  QLabel* progress_;
  QComboBox* predictor_;
  QPushButton* predict_;
  QComboBox* network_;
  QPushButton* queueNow_;
  QPushButton* queueTonight_;
  QProgressBar* predictProgress_;
  QCheckBox* showProposal_;
  PredictionRunner* runner_;
  QFutureWatcher<std::vector<int64_t>> selection_;
  SliceAxis selectionAxis_ = SliceAxis::Axial;
};

}  // namespace slicewise
