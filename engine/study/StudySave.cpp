// Saving: snapshot of the pending changes, one transaction per snapshot, history.
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "study/SliceCodec.h"
#include "study/Study.h"
#include "study/StudyDatabase.h"
#include "study/StudySnapshot.h"

namespace slicewise {

namespace {

std::string defaultAuthor() {
  if (const char* user = std::getenv("USER"); user && *user) return user;
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name) return pw->pw_name;
  return "unknown";
}

template <class T>
bool allZero(const std::vector<T>& v) {
  return std::all_of(v.begin(), v.end(), [](T x) { return x == 0; });
}

struct EncodedSlice {
  int64_t k = 0;
  bool empty = true;
  std::vector<uint8_t> labels, provenance;
};

}  // namespace

std::shared_ptr<StudySnapshot> Study::takeSnapshot() {
  auto snap = std::make_shared<StudySnapshot>();
  snap->sequence = ++snapshotsTaken_;
  const ImageGeometry& g = geometry();
  const size_t plane = size_t(g.size[0]) * size_t(g.size[1]);
  for (int64_t k : dirty_) {
    StudySnapshot::Slice& s = snap->slices[k];
    const Label* l = labels_.data().data() + size_t(k) * plane;
    const uint8_t* p = provenance_.data().data() + size_t(k) * plane;
    s.labels.assign(l, l + plane);
    s.provenance.assign(p, p + plane);
  }
  dirty_.clear();
  if (marksForceDirty_ || !(marks_ == savedMarks_)) snap->marks = marks_;
  if (tableForceDirty_ || !(labelTable_ == savedLabelTable_)) snap->labelTable = labelTable_;
  savedMarks_ = marks_;
  savedLabelTable_ = labelTable_;
  marksForceDirty_ = tableForceDirty_ = false;
  return snap;
}

void Study::restoreSnapshot(const StudySnapshot& snapshot) {
  for (const auto& [k, slice] : snapshot.slices) dirty_.insert(k);
  if (snapshot.marks) marksForceDirty_ = true;
  if (snapshot.labelTable) tableForceDirty_ = true;
}

int64_t Study::writeSnapshot(const StudySnapshot& snapshot, const std::string& authorIn,
                             const std::string& description) {
  // Whatever happens below, this snapshot's turn ends, so the next one may be written.
  struct TurnEnd {
    Study& s;
    uint64_t sequence;
    ~TurnEnd() {
      {
        std::lock_guard<std::mutex> guard(s.dbMutex_);
        s.snapshotsWritten_ = std::max(s.snapshotsWritten_, sequence);
      }
      s.writeTurn_.notify_all();
    }
  };
  std::unique_ptr<TurnEnd> turnEnd;
  if (snapshot.sequence > 0) turnEnd.reset(new TurnEnd{*this, snapshot.sequence});
  requireWritable();
  if (snapshot.empty()) return 0;
  const std::string author = authorIn.empty() ? defaultAuthor() : authorIn;
  // Compress before taking the database's write lock: the transaction then only copies bytes.
  std::vector<EncodedSlice> encoded;
  encoded.reserve(snapshot.slices.size());
  for (const auto& [k, s] : snapshot.slices) {
    EncodedSlice e;
    e.k = k;
    e.empty = allZero(s.labels) && allZero(s.provenance);
    if (!e.empty) {
      e.labels = compressBytes(s.labels.data(), s.labels.size() * sizeof(Label));
      e.provenance = compressBytes(s.provenance.data(), s.provenance.size());
    }
    encoded.push_back(std::move(e));
  }
  std::unique_lock<std::mutex> guard(dbMutex_);
  if (snapshot.sequence > 0)
    writeTurn_.wait(guard, [&] { return snapshotsWritten_ + 1 >= snapshot.sequence; });
  StudyDatabase& db = *db_;
  db.setContext("cannot save study " + dir_);
  StudyTransaction tx(db);
  {
    StudyDatabase::Statement put(db, "INSERT OR REPLACE INTO label_slices (k, labels, provenance) VALUES (?, ?, ?)");
    StudyDatabase::Statement erase(db, "DELETE FROM label_slices WHERE k = ?");
    for (const EncodedSlice& e : encoded) {
      if (e.empty) {
        erase.bind(1, e.k).run();
      } else {
        put.bind(1, e.k).bindBlob(2, e.labels).bindBlob(3, e.provenance).run();
      }
    }
  }
  if (snapshot.marks) {
    db.exec("DELETE FROM slice_marks");
    StudyDatabase::Statement put(db, "INSERT INTO slice_marks (axis, slice, worklist_rank, annotation, review) VALUES (?, ?, ?, ?, ?)");
    for (SliceAxis axis : kAllAxes)
      for (const auto& [index, m] : snapshot.marks->onAxis(axis))
        put.bind(1, int64_t(axis)).bind(2, index).bind(3, int64_t(m.worklistRank))
            .bind(4, int64_t(m.annotation)).bind(5, int64_t(m.review)).run();
  }
  if (snapshot.labelTable) {
    db.exec("DELETE FROM label_table");
    StudyDatabase::Statement put(db, "INSERT INTO label_table (id, name, r, g, b, visible, locked) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const auto& [id, info] : snapshot.labelTable->all())
      put.bind(1, int64_t(id)).bind(2, info.name).bind(3, int64_t(info.color.r))
          .bind(4, int64_t(info.color.g)).bind(5, int64_t(info.color.b))
          .bind(6, int64_t(info.visible)).bind(7, int64_t(info.locked)).run();
  }
  StudyDatabase::Statement entry(db, "INSERT INTO saves (time, author, description) VALUES (?, ?, ?)");
  entry.bind(1, int64_t(std::time(nullptr))).bind(2, author).bind(3, description).run();
  const int64_t id = db.lastInsertId();
  StudyDatabase::Statement slice(db, "INSERT INTO save_slices (save_id, k) VALUES (?, ?)");
  for (const auto& [k, s] : snapshot.slices) slice.bind(1, id).bind(2, k).run();
  tx.commit();
  return id;
}

int64_t Study::save(const std::string& author, const std::string& description) {
  requireWritable();
  if (!hasUnsavedChanges()) return 0;
  const std::shared_ptr<StudySnapshot> snap = takeSnapshot();
  try {
    return writeSnapshot(*snap, author, description);
  } catch (...) {
    restoreSnapshot(*snap);
    throw;
  }
}

std::vector<HistoryEntry> Study::history() const {
  std::lock_guard<std::mutex> guard(dbMutex_);
  db_->setContext("cannot read the history of study " + dir_);
  std::vector<HistoryEntry> out;
  StudyDatabase::Statement s(*db_, "SELECT id, time, author, description FROM saves ORDER BY id");
  while (s.step()) out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), {}});
  StudyDatabase::Statement k(*db_, "SELECT save_id, k FROM save_slices ORDER BY save_id, k");
  size_t at = 0;
  while (k.step()) {
    const int64_t id = k.integer(0);
    while (at < out.size() && out[at].id < id) ++at;
    if (at < out.size() && out[at].id == id) out[at].slices.push_back(k.integer(1));
  }
  return out;
}

int64_t Study::historyLength() const {
  std::lock_guard<std::mutex> guard(dbMutex_);
  return db_->queryInt("SELECT count(*) FROM saves");
}

std::string Study::integrityCheck() const {
  std::lock_guard<std::mutex> guard(dbMutex_);
  StudyDatabase::Statement s(*db_, "PRAGMA integrity_check");
  std::string out;
  while (s.step()) {
    if (!out.empty()) out += "; ";
    out += s.text(0);
  }
  return out;
}

}  // namespace slicewise
