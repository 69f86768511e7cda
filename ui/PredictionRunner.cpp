#include "ui/PredictionRunner.h"

#include <QCoreApplication>
#include <QPointer>
#include <QUnhandledException>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

#include "model/KeyStateHash.h"
#include "predict/SlicePredictor.h"
#include "ui/StudyDocument.h"

namespace slicewise {

PredictionRunner::PredictionRunner(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<Proposal>::finished, this, &PredictionRunner::done);
}

PredictionRunner::~PredictionRunner() {
  cancel();
  watcher_.waitForFinished();
}

bool PredictionRunner::start(StudyDocument* document, const QString& predictor, SliceAxis axis, QString* why) {
  if (running()) {
    *why = tr("a prediction is running");
    return false;
  }
  std::shared_ptr<SlicePredictor> p = makeInterpolationPredictor(predictor.toStdString());
  if (!p) {
    *why = tr("unknown predictor %1").arg(predictor);
    return false;
  }
  const Annotation& a = document->annotation();
  std::vector<int64_t> keys = a.marks.keySlices(axis);
  if (keys.empty()) {
    *why = tr("no %1 slice is marked done or empty-here yet").arg(QString::fromLatin1(axisName(axis).data()));
    return false;
  }
  document_ = document;
  predictor_ = predictor;
  cancelled_ = std::make_shared<std::atomic<bool>>(false);
  // Copies, so that editing goes on while the predictor reads.
  auto labels = std::make_shared<LabelVolume>(a.labels);
  auto provenance = std::make_shared<ProvenanceVolume>(a.provenance);
  const std::string keyState = keyStateHash(a, axis);
  auto cancelled = cancelled_;
  QPointer<PredictionRunner> self(this);
  watcher_.setFuture(QtConcurrent::run([=]() {
    PredictionInput in;
    in.labels = labels.get();
    in.provenance = provenance.get();
    in.image = &document->image();  // the image never changes while the document lives
    in.axis = axis;
    in.keySlices = keys;
    in.progress = [cancelled, self](double fraction) {
      if (self) QMetaObject::invokeMethod(self, [self, fraction] {
        if (self) Q_EMIT self->progress(int(fraction * 100));
      }, Qt::QueuedConnection);
      return !cancelled->load();
    };
    Proposal out = p->predict(in);
    out.keyState = keyState;
    return out;
  }));
  return true;
}

void PredictionRunner::cancel() {
  if (cancelled_) cancelled_->store(true);
}

void PredictionRunner::wait() {
  watcher_.waitForFinished();
  QCoreApplication::processEvents();
}

void PredictionRunner::done() {
  try {
    Proposal proposal;
    try {
      proposal = watcher_.result();
    } catch (const QUnhandledException& e) {
      // QtConcurrent wraps what the predictor threw; unwrap it for the message.
      if (e.exception()) std::rethrow_exception(e.exception());
      throw;
    }
    const auto count = std::count_if(proposal.sliceConfidence.begin(), proposal.sliceConfidence.end(),
                                     [](float c) { return c < 1.0f; });
    document_->addProposal(std::move(proposal));
    Q_EMIT finished(tr("%1 predicted %2 slices").arg(predictor_).arg(count));
  } catch (const PredictionCancelled&) {
    Q_EMIT failed(tr("prediction cancelled"));
  } catch (const std::exception& e) {
    Q_EMIT failed(QString::fromStdString(e.what()));
  }
}

}  // namespace slicewise
