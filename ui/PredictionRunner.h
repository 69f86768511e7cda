#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <atomic>
#include <memory>

#include "model/Proposal.h"

namespace slicewise {

class StudyDocument;
class SlicePredictor;

// Runs an interpolating predictor on the document's keys off the GUI thread, on a copy of the
// labels (editing goes on meanwhile), with progress and cancel; the finished proposal is added
// to the document (stored in the study and shown).
class PredictionRunner : public QObject {
  Q_OBJECT

 public:
  explicit PredictionRunner(QObject* parent = nullptr);
  ~PredictionRunner() override;

  // False (with *why) when nothing can start: no keys on the axis, a prediction running.
  bool start(StudyDocument* document, const QString& predictor, SliceAxis axis, QString* why);
  void cancel();
  bool running() const { return watcher_.isRunning(); }
  // Waits for the running prediction (tests, closing).
  void wait();

 Q_SIGNALS:
  void progress(int percent);
  void finished(const QString& summary);
  void failed(const QString& message);

 private:
  void done();

  QFutureWatcher<Proposal> watcher_;
  StudyDocument* document_ = nullptr;
  std::shared_ptr<std::atomic<bool>> cancelled_;
  QString predictor_;
};

}  // namespace slicewise
