#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <atomic>
#include <memory>
#include <vector>
#include <optional>

#include "model/AnnotationEditor.h"
#include "model/Proposal.h"
#include "model/Volume.h"
#include "ui/UndoStack.h"

namespace slicewise {

class Autosaver;
class Study;

// The UI's model of the open study (in the manner of ITK-SNAP's models): it owns the study, its
// image, autosave and undo, applies edits through the engine's edit API and says what changed;
// views subscribe and pull what they draw. A document opened from an image, a DICOM series or
// the built-in sample lives in an unnamed study in the recovery area until it is saved under a
// name, so autosave and crash recovery work for it too.
class StudyDocument : public QObject {
  Q_OBJECT

 public:
  struct Origin {
    QString title;
    bool unnamed = false;    // lives in the recovery area (RecoveryStore)
    QString dicomFolder;     // the series' folder, for DICOM SEG export (when known)
  };

  StudyDocument(std::unique_ptr<Study> study, Volume image, Origin origin, QObject* parent = nullptr);
  ~StudyDocument() override;

  const Volume& image() const { return image_; }
  const Annotation& annotation() const;
  const ImageGeometry& geometry() const { return image_.geometry(); }
  Study& study() { return *study_; }
  const Study& study() const { return *study_; }
  QString title() const { return origin_.title; }
  QString folder() const;
  bool isUnnamed() const { return origin_.unnamed; }
  bool isReadOnly() const;
  QString dicomFolder() const { return origin_.dicomFolder; }
  UndoStack* undoStack() { return undo_.get(); }

  // Edits. A stroke: begin(), the tool's operations (each redraws at once), then commit() makes
  // it one undo step. Single operations of the editor go through record().
  AnnotationEditor& editor();
  EditTransaction begin(const QString& description);
  EditResult commit(EditTransaction& transaction);
  void record(const EditResult& result);

  // The proposal shown (a predictor's layer over the labels), or none.
  const Proposal* proposal() const { return proposal_ ? &*proposal_ : nullptr; }
  int64_t proposalId() const { return proposalId_; }
  void addProposal(Proposal proposal);  // stored in the study and shown
  void showProposal(int64_t id);        // 0 hides
  bool isProposalStale() const;
  // Imports the proposals of this study's finished queue jobs (Study::importFinishedJobs) and
  // shows the newest; returns how many were imported.
  int importFinishedJobs();

  // Whether closing now would lose something: an unnamed study with edits, or changes not yet
  // written (the autosave is a few seconds behind).
  bool hasUnsavedChanges() const;
  // Starts writing what is pending in the background (the study keeps a history entry "save").
  void save();
  // Waits for a save in flight and writes what is pending; the error, or empty.
  QString flush();
  // Copies the study to `dir` and goes on there (edits and undo kept); an unnamed study's
  // recovery folder is removed. Blocking: call from a worker thread while the window waits (and
  // takes no edits); meanwhile autosave pauses and a finishing prediction waits its turn.
  void saveAs(const QString& dir);
  // Whether closing drops an unnamed study's edits (its recovery folder is removed then).
  void setDiscarded(bool discarded) { discarded_ = discarded; }

 Q_SIGNALS:
  // Every change to the annotation, as the edit API reports it (undo and redo included).
  void changed(const slicewise::ChangeSet& change);
  void labelTableChanged();
  void marksChanged();
  void proposalChanged();
  void saveStateChanged();
  void autosaveFailed(const QString& message);

 private:
  void pollAutosave();
  void afterSaveAs();

  std::unique_ptr<Study> study_;
  Volume image_;
  Origin origin_;
  std::unique_ptr<UndoStack> undo_;
  std::unique_ptr<Autosaver> autosaver_;
  QTimer autosaveTimer_;
  int listener_ = 0;
  bool edited_ = false;
  bool discarded_ = false;
  std::optional<Proposal> proposal_;
  int64_t proposalId_ = 0;
  std::atomic<bool> movingTo_{false};  // Save As in progress on a worker thread
  std::vector<Proposal> pendingProposals_;
};

}  // namespace slicewise
