// Saving: snapshot of the pending bricks, marks and table, one transaction per snapshot, history.
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "model/ByteCodec.h"
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

struct EncodedBrick {
  int64_t id = 0;
  bool empty = true;
  std::vector<uint8_t> labels, provenance;
};

}  // namespace

std::shared_ptr<StudySnapshot> Study::takeSnapshot() {
  auto snap = std::make_shared<StudySnapshot>();
  snap->sequence = ++snapshotsTaken_;
  const BrickGrid& grid = editor_->bricks();
  for (int64_t b : dirtyBricks_) {
    StudySnapshot::Brick& brick = snap->bricks[b];
    brick.labels = grid.extract(labels().data(), b);
    brick.provenance = grid.extract(provenance().data(), b);
  }
  dirtyBricks_.clear();
  for (const SliceRef& m : dirtyMarks_) snap->marks[m] = marks().get(m.axis, m.index);
  dirtyMarks_.clear();
  if (tableDirty_) snap->labelTable = labelTable();
  tableDirty_ = false;
  return snap;
}

void Study::restoreSnapshot(const StudySnapshot& snapshot) {
  for (const auto& [b, brick] : snapshot.bricks) dirtyBricks_.insert(b);
  for (const auto& [m, mark] : snapshot.marks) dirtyMarks_.insert(m);
  if (snapshot.labelTable) tableDirty_ = true;
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
  std::vector<EncodedBrick> encoded;
  encoded.reserve(snapshot.bricks.size());
  try {
    for (const auto& [id, b] : snapshot.bricks) {
      EncodedBrick e;
      e.id = id;
      e.empty = allZero(b.labels) && allZero(b.provenance);
      if (!e.empty) {
        e.labels = compressBytes(b.labels.data(), b.labels.size() * sizeof(Label));
        e.provenance = compressBytes(b.provenance.data(), b.provenance.size());
      }
      encoded.push_back(std::move(e));
    }
  } catch (const CodecError& e) {
    throw StudyError("cannot save study " + dir_ + ": " + e.what());
  }
  std::unique_lock<std::mutex> guard(dbMutex_);
  if (snapshot.sequence > 0)
    writeTurn_.wait(guard, [&] { return snapshotsWritten_ + 1 >= snapshot.sequence; });
  StudyDatabase& db = *db_;
  db.setContext("cannot save study " + dir_);
  StudyTransaction tx(db);
  {
    StudyDatabase::Statement put(db, "INSERT OR REPLACE INTO label_bricks (brick, labels, provenance) VALUES (?, ?, ?)");
    StudyDatabase::Statement erase(db, "DELETE FROM label_bricks WHERE brick = ?");
    for (const EncodedBrick& e : encoded) {
      if (e.empty) {
        erase.bind(1, e.id).run();
      } else {
        put.bind(1, e.id).bindBlob(2, e.labels).bindBlob(3, e.provenance).run();
      }
    }
  }
  if (!snapshot.marks.empty()) {
    StudyDatabase::Statement put(db, "INSERT OR REPLACE INTO slice_marks (axis, slice, worklist_rank, annotation, review, proposal_id) VALUES (?, ?, ?, ?, ?, ?)");
    StudyDatabase::Statement erase(db, "DELETE FROM slice_marks WHERE axis = ? AND slice = ?");
    for (const auto& [ref, m] : snapshot.marks) {
      if (m.isBlank()) {
        erase.bind(1, int64_t(ref.axis)).bind(2, ref.index).run();
      } else {
        put.bind(1, int64_t(ref.axis)).bind(2, ref.index).bind(3, int64_t(m.worklistRank))
            .bind(4, int64_t(m.annotation)).bind(5, int64_t(m.review)).bind(6, m.reviewedProposal).run();
      }
    }
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
  StudyDatabase::Statement brick(db, "INSERT INTO save_bricks (save_id, brick) VALUES (?, ?)");
  for (const auto& [b, data] : snapshot.bricks) brick.bind(1, id).bind(2, b).run();
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
  StudyDatabase::Statement k(*db_, "SELECT save_id, brick FROM save_bricks ORDER BY save_id, brick");
  size_t at = 0;
  while (k.step()) {
    const int64_t id = k.integer(0);
    while (at < out.size() && out[at].id < id) ++at;
    if (at < out.size() && out[at].id == id) out[at].bricks.push_back(k.integer(1));
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
