#include "cohort/CohortIndex.h"

#include <cstdlib>
#include <filesystem>

#include "cohort/CohortError.h"
#include "sqlite/SqliteConnection.h"

namespace slicewise {

namespace {

void raiseCohortError(const std::string& message) { throw CohortError(message); }

constexpr const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS labels (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
  r INTEGER NOT NULL, g INTEGER NOT NULL, b INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS studies (id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL, added INTEGER NOT NULL, source TEXT NOT NULL DEFAULT '',
  series_uid TEXT NOT NULL DEFAULT '', exported_state TEXT NOT NULL DEFAULT '',
  exported INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS models (id INTEGER PRIMARY KEY AUTOINCREMENT, queue TEXT NOT NULL,
  job INTEGER NOT NULL, folder TEXT NOT NULL, predictor TEXT NOT NULL, axis TEXT NOT NULL,
  members TEXT NOT NULL, state TEXT NOT NULL,
  weights TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL);
)SQL";

constexpr const char* kStudyColumns = "id, path, name, added, source, series_uid, exported_state, exported";

CohortEntry readEntry(const SqliteConnection::Statement& s) {
  CohortEntry e;
  e.id = s.integer(0);
  e.path = s.text(1);
  e.name = s.text(2);
  e.addedUnixSeconds = s.integer(3);
  e.source = s.text(4);
  e.seriesUid = s.text(5);
  e.exportedState = s.text(6);
  e.exportedUnixSeconds = s.integer(7);
  return e;
}

}  // namespace

CohortIndex::CohortIndex(const std::string& dir, bool create) {
  const std::filesystem::path file = std::filesystem::path(dir) / kFileName;
  std::error_code ec;
  if (!create && !std::filesystem::is_regular_file(file, ec))
    throw CohortError(dir + " is not a cohort (no " + kFileName + "; make one with `cohort create`)");
  db_ = std::make_unique<SqliteConnection>(file.string(), 10000, "cohort index", raiseCohortError);
  db_->exec("PRAGMA journal_mode=WAL");
  if (create) {
    SqliteTransaction tx(*db_);
    db_->exec(kSchema);
    SqliteConnection::Statement(*db_, "INSERT OR IGNORE INTO meta (key, value) VALUES ('format', ?)")
        .bind(1, std::to_string(kFormatVersion))
        .run();
    tx.commit();
  }
  SqliteConnection::Statement version(*db_, "SELECT value FROM meta WHERE key = 'format'");
  if (!version.step()) throw CohortError("cohort index " + file.string() + " is damaged (no format version)");
  const std::string format = version.text(0);
  if (format != std::to_string(kFormatVersion) && std::strtoll(format.c_str(), nullptr, 10) >= kFormatVersion)
    throw CohortError("cohort index " + file.string() + " was written by a newer Slicewise (format " +
                      format + ")");
}

CohortIndex::~CohortIndex() = default;

LabelTable CohortIndex::labelTable() {
  LabelTable table;
  SqliteConnection::Statement s(*db_, "SELECT id, name, r, g, b FROM labels ORDER BY id");
  while (s.step()) {
    LabelInfo info;
    info.id = Label(s.integer(0));
    info.name = s.text(1);
    info.color = Rgb{uint8_t(s.integer(2)), uint8_t(s.integer(3)), uint8_t(s.integer(4))};
    table.set(info);
  }
  return table;
}

void CohortIndex::setLabelTable(const LabelTable& table) {
  SqliteTransaction tx(*db_);
  db_->exec("DELETE FROM labels");
  for (const auto& [id, info] : table.all())
    SqliteConnection::Statement(*db_, "INSERT INTO labels (id, name, r, g, b) VALUES (?, ?, ?, ?, ?)")
        .bind(1, int64_t(id))
        .bind(2, info.name)
        .bind(3, int64_t(info.color.r))
        .bind(4, int64_t(info.color.g))
        .bind(5, int64_t(info.color.b))
        .run();
  tx.commit();
}

std::vector<CohortEntry> CohortIndex::studies() {
  std::vector<CohortEntry> out;
  SqliteConnection::Statement s(*db_, std::string("SELECT ") + kStudyColumns + " FROM studies ORDER BY id");
  while (s.step()) out.push_back(readEntry(s));
  return out;
}

std::optional<CohortEntry> CohortIndex::findStudy(const std::string& path) {
  SqliteConnection::Statement s(*db_, std::string("SELECT ") + kStudyColumns + " FROM studies WHERE path = ?");
  s.bind(1, path);
  if (!s.step()) return std::nullopt;
  return readEntry(s);
}

int64_t CohortIndex::addStudy(const CohortEntry& e) {
  SqliteConnection::Statement(*db_, "INSERT INTO studies (path, name, added, source, series_uid) VALUES (?, ?, ?, ?, ?)")
      .bind(1, e.path)
      .bind(2, e.name)
      .bind(3, e.addedUnixSeconds)
      .bind(4, e.source)
      .bind(5, e.seriesUid)
      .run();
  return db_->lastInsertId();
}

void CohortIndex::recordExport(int64_t studyId, const std::string& state, int64_t unixSeconds) {
  SqliteConnection::Statement(*db_, "UPDATE studies SET exported_state = ?, exported = ? WHERE id = ?")
      .bind(1, state)
      .bind(2, unixSeconds)
      .bind(3, studyId)
      .run();
}

std::vector<CohortModelRecord> CohortIndex::models() {
  std::vector<CohortModelRecord> out;
  SqliteConnection::Statement s(
      *db_, "SELECT id, queue, job, folder, members, state, weights, created, predictor, axis FROM models ORDER BY id");
  while (s.step()) {
    CohortModelRecord m;
    m.id = s.integer(0);
    m.queuePath = s.text(1);
    m.queueJobId = s.integer(2);
    m.folder = s.text(3);
    m.members = s.text(4);
    m.state = s.text(5);
    m.weights = s.text(6);
    m.createdUnixSeconds = s.integer(7);
    m.predictor = s.text(8);
    m.axis = s.text(9);
    out.push_back(m);
  }
  return out;
}

int64_t CohortIndex::addModel(const CohortModelRecord& m) {
  SqliteConnection::Statement(
      *db_, "INSERT INTO models (queue, job, folder, members, state, weights, created, predictor, axis) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, m.queuePath)
      .bind(2, m.queueJobId)
      .bind(3, m.folder)
      .bind(4, m.members)
      .bind(5, m.state)
      .bind(6, m.weights)
      .bind(7, m.createdUnixSeconds)
      .bind(8, m.predictor)
      .bind(9, m.axis)
      .run();
  return db_->lastInsertId();
}

void CohortIndex::updateModel(const CohortModelRecord& m) {
  SqliteConnection::Statement(*db_, "UPDATE models SET state = ?, weights = ? WHERE id = ?")
      .bind(1, m.state)
      .bind(2, m.weights)
      .bind(3, m.id)
      .run();
}

}  // namespace slicewise
