#pragma once

#include <cstdint>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/AnnotationEditor.h"
#include "model/Proposal.h"
#include "model/Volume.h"

namespace slicewise {

// A study could not be created, opened or saved. The message is one line a person can act on
// ("study /x is open in another process (host h, PID 12)", "cannot save: the disk is full").
class StudyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where the image of a study came from when it was imported from DICOM.
struct DicomIdentity {
  std::string studyInstanceUid;
  std::string seriesInstanceUid;
  std::string frameOfReferenceUid;
  bool operator==(const DicomIdentity&) const = default;
};

// The image a study annotates: left where it is (absolute path) or copied into the study folder
// (path relative to it). Size and SHA-256 detect a file that changed since the study was made.
struct ImageReference {
  std::string path;
  bool copied = false;
  uint64_t sizeBytes = 0;
  std::string sha256;  // lower-case hex
};

struct StudyCreateOptions {
  std::optional<LabelVolume> labels;  // initial labels (provenance None: nobody drew them here)
  const Volume* image = nullptr;      // the image file's voxels, when the caller read them already
  LabelTable labelTable;              // ids present in `labels` but missing here get defaults
  std::optional<DicomIdentity> dicom;
  bool copyImage = false;  // copy the image file into the study folder
  std::string author;      // who created it (history); empty: the login name
};

struct ProposalSummary {
  int64_t id = 0;
  std::string predictor;
  std::string parametersJson;
  SliceAxis axis = SliceAxis::Axial;
  int64_t createdUnixSeconds = 0;
  int64_t slices = 0;  // slices along `axis` the proposal covers (its confidence entries)
  std::vector<int64_t> keySlices;
  std::string keyState;  // keyStateHash() of the keys it was computed from; empty when unknown
};

// A training job the study sent to a queue (schema 5): the queue and job ID name it, the job
// folder holds its result. `state`: "pending" until its proposal is imported ("imported", with
// the proposal's id) or the queue gave it up ("failed", "cancelled").
struct StudyQueueJob {
  std::string queuePath;
  int64_t jobId = 0;
  std::string folder;
  std::string predictor;
  SliceAxis axis = SliceAxis::Axial;
  std::string keyState;
  int64_t submittedUnixSeconds = 0;
  std::string state = "pending";
  int64_t proposalId = 0;
};

// What importFinishedJobs() did: one line per job it imported or closed, and how many finished
// jobs still wait (a read-only study cannot import them).
struct QueueImportReport {
  std::vector<int64_t> importedProposals;
  std::vector<std::string> notes;
  int waiting = 0;  // finished, not imported
  int running = 0;  // still in the queue
  int ended = 0;    // failed or cancelled there (a retry may still finish them)
};

// One save: who, what, when, and which bricks (BrickGrid ids) of labels it wrote.
struct HistoryEntry {
  int64_t id = 0;
  int64_t unixSeconds = 0;
  std::string author;
  std::string description;
  std::vector<int64_t> bricks;
};

class StudyDatabase;
class StudyLock;
struct StudySnapshot;

// One study folder (DESIGN §2): study.sqlite (WAL) holds labels and provenance as
// zlib-compressed blobs per brick (32 voxels a side, see BrickGrid), slice marks, the label table,
// proposals, history and the image reference; study.lock names the owning host and PID.
//
// Every change goes through editor() (the engine's edit API); the study listens to the change
// sets and save() writes exactly the bricks, marks and label table they touched, in one
// transaction. A save that fails throws StudyError and leaves the previous save on disk and the
// changes pending.
//
// Not thread-safe for edits: one thread edits; Autosaver writes snapshots on its own thread.
class Study {
 public:
  enum class Mode { ReadWrite, ReadOnly };

  static constexpr int kSchemaVersion = 5;

  // Creates `dir` (must not exist or be empty) for the image at imagePath; returns it open
  // read-write. Throws StudyError (and IoError's message as StudyError for unreadable images).
  static std::unique_ptr<Study> create(const std::string& dir, const std::string& imagePath,
                                       const StudyCreateOptions& options = {});
  // The same for an image that has no file of its own (a DICOM series, the built-in sample): it
  // is stored in the study folder (image.nii).
  static std::unique_ptr<Study> createStoringImage(const std::string& dir, const Volume& image,
                                                   const StudyCreateOptions& options = {});
  // ReadWrite takes the lock (a stale lock of a dead process on this host is taken over) and
  // migrates an older schema; ReadOnly takes no lock and never writes, also on read-only media.
  // A lock left by another host is taken over only with takeOverForeignLock (see StudyLock).
  static std::unique_ptr<Study> open(const std::string& dir, Mode mode = Mode::ReadWrite,
                                     bool takeOverForeignLock = false);
  static bool isStudy(const std::string& dir);  // the folder holds a study database

  ~Study();
  Study(const Study&) = delete;
  Study& operator=(const Study&) = delete;

  const std::string& folder() const { return dir_; }
  Mode mode() const { return mode_; }
  // The schema version of the file (a read-only open of an older study upgrades only its copy
  // in memory).
  int schemaVersion() const { return schemaVersion_; }
  // Lines for the user from open(): "took over the stale lock of a process that has ended
  // (host h, PID 123)", "upgraded the study from schema version 2 to 3".
  const std::vector<std::string>& openNotes() const { return openNotes_; }

  const ImageGeometry& geometry() const { return annotation().geometry(); }
  const ImageReference& image() const { return image_; }
  std::string imagePath() const;  // absolute path of the image file
  std::optional<DicomIdentity> dicomIdentity() const { return dicom_; }
  // Reads the image, after checking its size and hash against the reference, and its grid
  // against the study's. Throws StudyError naming what differs.
  Volume loadImage() const;

  // The annotation, read-only; change it through editor().
  const Annotation& annotation() const { return editor_->annotation(); }
  const LabelVolume& labels() const { return annotation().labels; }
  const ProvenanceVolume& provenance() const { return annotation().provenance; }
  const SliceMarks& marks() const { return annotation().marks; }
  const LabelTable& labelTable() const { return annotation().table; }
  // Throws StudyError on a read-only study before any edit can start.
  AnnotationEditor& editor();

  // Bricks, marks and whether the label table wait for the next save.
  const std::set<int64_t>& pendingBricks() const { return dirtyBricks_; }
  bool hasUnsavedChanges() const;

  // Writes pending changes in one transaction and records one history entry. Returns the
  // history id (0 when there was nothing to save). Throws StudyError; nothing is lost then.
  int64_t save(const std::string& author, const std::string& description);

  // Saves, then copies the study to `newDir` (absent or empty) and goes on there: the edits,
  // undo records and pending state stay; the old folder is left as it was saved. Call it while
  // no autosave is being written.
  void saveAs(const std::string& newDir);

  // Proposals are written at once, each in its own transaction (they are imports, not edits).
  // A proposal whose createdUnixSeconds is 0 is stamped with the current time.
  int64_t addProposal(const Proposal& proposal);
  std::vector<ProposalSummary> proposals() const;
  // Whether the keys along the proposal's axis changed since it was computed (also when its key
  // state is unknown, as for proposals from before schema version 3).
  bool isStale(const ProposalSummary& proposal) const;
  Proposal loadProposal(int64_t id) const;
  void removeProposal(int64_t id);

  // Jobs sent to a queue (written at once, like proposals).
  void recordQueueJob(const StudyQueueJob& job);
  std::vector<StudyQueueJob> queueJobs() const;
  // Imports the proposal of every recorded job whose folder holds a finished one, each in one
  // transaction with the job's record (never twice), as a proposal layer: labels, provenance and
  // marks stay as they are, and a proposal whose keys changed meanwhile shows as stale. Jobs the
  // queue failed or cancelled are closed. A read-only study only counts what waits. Open() runs
  // it for a read-write study; the app runs it again when told a job finished. Problems with one
  // job (a deleted folder, a damaged proposal) become notes, never an exception.
  QueueImportReport importFinishedJobs();

  // Time a person spent reviewing slices (added up per slice; written at once, like proposals).
  void addReviewSeconds(SliceAxis axis, int64_t slice, double seconds);
  std::map<SliceRef, double> reviewSeconds() const;

  std::vector<HistoryEntry> history() const;
  int64_t historyLength() const;

  // SQLite's PRAGMA integrity_check: "ok" for a sound database.
  std::string integrityCheck() const;

  // For Autosaver: copies the pending changes (fast, on the editing thread) and clears them...
  std::shared_ptr<StudySnapshot> takeSnapshot();
  // ...writes one snapshot (any thread; snapshots are written in the order they were taken)...
  int64_t writeSnapshot(const StudySnapshot& snapshot, const std::string& author,
                        const std::string& description);
  // ...and, when writing failed, puts its changes back as pending (editing thread).
  void restoreSnapshot(const StudySnapshot& snapshot);

 private:
  Study();
  static std::unique_ptr<Study> build(const std::string& dir, const std::string& imagePath,
                                      const Volume* toStore, const StudyCreateOptions& options);
  void loadAll();
  void requireWritable() const;
  void attachEditor(Annotation annotation);
  void noteChange(const ChangeSet& change);
  // addProposal's write, also marking a queue job imported in the same transaction.
  int64_t storeProposal(const Proposal& proposal, const StudyQueueJob* fromJob);

  std::string dir_;
  Mode mode_ = Mode::ReadWrite;
  int schemaVersion_ = kSchemaVersion;
  std::vector<std::string> openNotes_;
  ImageReference image_;
  std::optional<DicomIdentity> dicom_;
  std::unique_ptr<AnnotationEditor> editor_;
  std::set<int64_t> dirtyBricks_;
  std::set<SliceRef> dirtyMarks_;
  bool tableDirty_ = false;
  std::unique_ptr<StudyLock> lock_;  // declared before db_: the database closes first
  std::unique_ptr<StudyDatabase> db_;
  mutable std::mutex dbMutex_;  // the Autosaver's thread writes while the editor may read
  // Snapshots are written in the order they were taken, whichever thread writes them, so an
  // older autosave can never land on top of a newer save.
  uint64_t snapshotsTaken_ = 0, snapshotsWritten_ = 0;
  std::condition_variable writeTurn_;
};

}  // namespace slicewise
