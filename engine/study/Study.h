#pragma once

#include <cstdint>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "model/Proposal.h"
#include "model/Provenance.h"
#include "model/SliceMarks.h"
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
};

// One save: who, what, when, and which storage slices (voxel index along dim 2) it wrote.
struct HistoryEntry {
  int64_t id = 0;
  int64_t unixSeconds = 0;
  std::string author;
  std::string description;
  std::vector<int64_t> slices;
};

class StudyDatabase;
class StudyLock;
struct StudySnapshot;

// One study folder (DESIGN §2): study.sqlite (WAL) holds labels and provenance as zlib-compressed
// blobs per storage slice (voxel index along dimension 2), slice marks, the label table,
// proposals, history and the image reference; study.lock names the owning host and PID.
//
// Edits go to the in-memory volumes (labels(), provenance(), marks(), labelTable()); the editor
// says which voxels it touched with mark...Changed(), and save() writes exactly those slices, plus
// marks and label table when they differ from the last save, in one transaction. A save that
// fails throws StudyError and leaves the previous save on disk and the changes pending.
//
// Not thread-safe for edits: one thread edits; Autosaver writes snapshots on its own thread.
class Study {
 public:
  enum class Mode { ReadWrite, ReadOnly };

  static constexpr int kSchemaVersion = 2;

  // Creates `dir` (must not exist or be empty) for the image at imagePath; returns it open
  // read-write. Throws StudyError (and IoError's message as StudyError for unreadable images).
  static std::unique_ptr<Study> create(const std::string& dir, const std::string& imagePath,
                                       const StudyCreateOptions& options = {});
  // ReadWrite takes the lock (a stale lock of a dead process on this host is taken over) and
  // migrates an older schema; ReadOnly takes no lock and never writes.
  static std::unique_ptr<Study> open(const std::string& dir, Mode mode = Mode::ReadWrite);
  static bool isStudy(const std::string& dir);  // the folder holds a study database

  ~Study();
  Study(const Study&) = delete;
  Study& operator=(const Study&) = delete;

  const std::string& folder() const { return dir_; }
  Mode mode() const { return mode_; }
  int schemaVersion() const { return schemaVersion_; }
  // Lines for the user from open(): "took over the stale lock of a process that has ended
  // (host h, PID 123)", "upgraded the study from schema version 1 to 2".
  const std::vector<std::string>& openNotes() const { return openNotes_; }

  const ImageGeometry& geometry() const { return labels_.geometry(); }
  const ImageReference& image() const { return image_; }
  std::string imagePath() const;  // absolute path of the image file
  std::optional<DicomIdentity> dicomIdentity() const { return dicom_; }
  // Reads the image, after checking its size and hash against the reference, and its grid
  // against the study's. Throws StudyError naming what differs.
  Volume loadImage() const;

  const LabelVolume& labels() const { return labels_; }
  LabelVolume& labels() { return labels_; }
  const ProvenanceVolume& provenance() const { return provenance_; }
  ProvenanceVolume& provenance() { return provenance_; }
  const SliceMarks& marks() const { return marks_; }
  SliceMarks& marks() { return marks_; }  // compared with the last save: no marking needed
  const LabelTable& labelTable() const { return labelTable_; }
  LabelTable& labelTable() { return labelTable_; }

  // Tell the study which voxels changed since the last save (labels or provenance).
  void markSliceChanged(SliceAxis axis, int64_t index);  // one slice of any axis
  // A box of voxels, inclusive (a brush stroke's extent): only the storage slices it spans.
  void markRegionChanged(const Index3& first, const Index3& last);
  void markStorageSlicesChanged(int64_t firstK, int64_t lastK);  // dim-2 index range, inclusive
  void markAllChanged();
  const std::set<int64_t>& pendingSlices() const { return dirty_; }  // storage slices
  bool hasUnsavedChanges() const;

  // Writes pending changes in one transaction and records one history entry. Returns the
  // history id (0 when there was nothing to save). Throws StudyError; nothing is lost then.
  int64_t save(const std::string& author, const std::string& description);

  // Proposals are written at once, each in its own transaction (they are imports, not edits).
  // A proposal whose createdUnixSeconds is 0 is stamped with the current time.
  int64_t addProposal(const Proposal& proposal);
  std::vector<ProposalSummary> proposals() const;
  Proposal loadProposal(int64_t id) const;
  void removeProposal(int64_t id);

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
  void loadAll();
  void requireWritable() const;

  std::string dir_;
  Mode mode_ = Mode::ReadWrite;
  int schemaVersion_ = kSchemaVersion;
  std::vector<std::string> openNotes_;
  ImageReference image_;
  std::optional<DicomIdentity> dicom_;
  LabelVolume labels_;
  ProvenanceVolume provenance_;
  SliceMarks marks_, savedMarks_;
  LabelTable labelTable_, savedLabelTable_;
  bool marksForceDirty_ = false, tableForceDirty_ = false;
  std::set<int64_t> dirty_;
  std::unique_ptr<StudyLock> lock_;  // declared before db_: the database closes first
  std::unique_ptr<StudyDatabase> db_;
  mutable std::mutex dbMutex_;  // the Autosaver's thread writes while the editor may read
  // Snapshots are written in the order they were taken, whichever thread writes them, so an
  // older autosave can never land on top of a newer save.
  uint64_t snapshotsTaken_ = 0, snapshotsWritten_ = 0;
  std::condition_variable writeTurn_;
};

}  // namespace slicewise
