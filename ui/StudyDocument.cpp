#include "ui/StudyDocument.h"

#include <QDir>
#include <QMetaObject>

#include "study/Autosaver.h"
#include "study/Study.h"
#include "model/KeyStateHash.h"

namespace slicewise {

namespace {
constexpr auto kAutosaveDelay = std::chrono::seconds(3);
}

StudyDocument::StudyDocument(std::unique_ptr<Study> study, Volume image, Origin origin, QObject* parent)
    : QObject(parent), study_(std::move(study)), image_(std::move(image)), origin_(std::move(origin)) {
  if (study_->mode() == Study::Mode::ReadWrite) {
    AnnotationEditor& editor = study_->editor();
    undo_ = std::make_unique<UndoStack>(editor, UndoStack::kDefaultBudget, this);
    autosaver_ = std::make_unique<Autosaver>(*study_, kAutosaveDelay);
    // The writer thread only says it finished; the result is taken on this thread.
    autosaver_->setOnFinished([this] { QMetaObject::invokeMethod(this, &StudyDocument::pollAutosave, Qt::QueuedConnection); });
    listener_ = editor.addListener([this](const ChangeSet& change) {
      edited_ = true;
      autosaver_->noteEdit();
      Q_EMIT changed(change);
      if (change.labelTable) Q_EMIT labelTableChanged();
      if (!change.marks.empty()) Q_EMIT marksChanged();
      Q_EMIT saveStateChanged();
    });
    connect(&autosaveTimer_, &QTimer::timeout, this, [this] {
      if (!movingTo_.load() && autosaver_->tick()) Q_EMIT saveStateChanged();
    });
    autosaveTimer_.start(250);
  }
}

StudyDocument::~StudyDocument() {
  autosaveTimer_.stop();
  if (autosaver_) {
    if (!discarded_) autosaver_->flush();
    autosaver_.reset();
  }
  if (listener_) study_->editor().removeListener(listener_);
  const QString recovery = discarded_ && origin_.unnamed ? folder() : QString();
  study_.reset();  // closes the database and releases the lock before the folder goes
  if (!recovery.isEmpty()) QDir(recovery).removeRecursively();
}

const Annotation& StudyDocument::annotation() const { return study_->annotation(); }

QString StudyDocument::folder() const { return QString::fromStdString(study_->folder()); }

bool StudyDocument::isReadOnly() const { return study_->mode() == Study::Mode::ReadOnly; }

AnnotationEditor& StudyDocument::editor() { return study_->editor(); }

EditTransaction StudyDocument::begin(const QString& description) {
  return study_->editor().begin(description.toStdString());
}

EditResult StudyDocument::commit(EditTransaction& transaction) {
  EditResult r = transaction.commit();
  record(r);
  return r;
}

void StudyDocument::record(const EditResult& result) {
  if (undo_) undo_->push(result.undo);
}

void StudyDocument::addProposal(Proposal proposal) {
  if (movingTo_.load()) {
    // The study is being copied elsewhere (Save As): the proposal is stored once it is there.
    pendingProposals_.push_back(std::move(proposal));
    return;
  }
  if (proposal.keyState.empty()) proposal.keyState = keyStateHash(annotation(), proposal.axis);
  const int64_t id = isReadOnly() ? -1 : study_->addProposal(proposal);
  proposal_ = std::move(proposal);
  proposalId_ = id;
  Q_EMIT proposalChanged();
}

void StudyDocument::showProposal(int64_t id) {
  if (id == 0) {
    proposal_.reset();
  } else {
    proposal_ = study_->loadProposal(id);
  }
  proposalId_ = id;
  Q_EMIT proposalChanged();
}

int StudyDocument::importFinishedJobs() {
  if (isReadOnly() || movingTo_.load()) return 0;
  const QueueImportReport report = study_->importFinishedJobs();
  if (report.importedProposals.empty()) return 0;
  showProposal(report.importedProposals.back());
  return int(report.importedProposals.size());
}

bool StudyDocument::isProposalStale() const {
  return proposal_ && proposal_->keyState != keyStateHash(annotation(), proposal_->axis);
}

bool StudyDocument::hasUnsavedChanges() const {
  if (isReadOnly()) return false;
  if (origin_.unnamed) return edited_;
  return study_->hasUnsavedChanges() || autosaver_->busy();
}

void StudyDocument::save() {
  if (autosaver_ && autosaver_->saveNow()) Q_EMIT saveStateChanged();
}

QString StudyDocument::flush() {
  if (!autosaver_) return {};
  const AutosaveResult r = autosaver_->flush();
  Q_EMIT saveStateChanged();
  return r.ok ? QString() : QString::fromStdString(r.error);
}

void StudyDocument::pollAutosave() {
  if (!autosaver_) return;
  if (auto r = autosaver_->takeResult(); r && !r->ok) Q_EMIT autosaveFailed(QString::fromStdString(r->error));
  Q_EMIT saveStateChanged();
}

void StudyDocument::saveAs(const QString& dir) {
  const QString previous = folder();
  const bool wasUnnamed = origin_.unnamed;
  movingTo_.store(true);
  struct Moved {
    StudyDocument* d;
    ~Moved() {
      d->movingTo_.store(false);
      QMetaObject::invokeMethod(d, &StudyDocument::afterSaveAs, Qt::QueuedConnection);
    }
  } moved{this};
  if (autosaver_) autosaver_->flush();
  study_->saveAs(dir.toStdString());
  origin_.unnamed = false;
  origin_.title = QDir(folder()).dirName();
  edited_ = false;
  if (wasUnnamed) QDir(previous).removeRecursively();
}

void StudyDocument::afterSaveAs() {
  std::vector<Proposal> pending;
  pending.swap(pendingProposals_);
  for (Proposal& p : pending) addProposal(std::move(p));
  Q_EMIT saveStateChanged();
}


}  // namespace slicewise
