#include "study/StudySchema.h"

#include <algorithm>
#include <set>
#include <vector>

#include "model/BrickGrid.h"
#include "model/ByteCodec.h"
#include "model/LabelVolume.h"

#include "study/Study.h"
#include "study/StudyDatabase.h"

namespace slicewise {

namespace {

constexpr const char* kSchemaV5 = R"SQL(
CREATE TABLE study (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  size_x INTEGER NOT NULL, size_y INTEGER NOT NULL, size_z INTEGER NOT NULL,
  spacing TEXT NOT NULL, origin TEXT NOT NULL, direction TEXT NOT NULL,
  image_path TEXT NOT NULL, image_copied INTEGER NOT NULL,
  image_size INTEGER NOT NULL, image_sha256 TEXT NOT NULL,
  created INTEGER NOT NULL,
  dicom_study_uid TEXT, dicom_series_uid TEXT, dicom_frame_uid TEXT);
CREATE TABLE label_bricks (brick INTEGER PRIMARY KEY, labels BLOB NOT NULL, provenance BLOB NOT NULL);
CREATE TABLE slice_marks (axis INTEGER NOT NULL, slice INTEGER NOT NULL,
  worklist_rank INTEGER NOT NULL, annotation INTEGER NOT NULL, review INTEGER NOT NULL,
  proposal_id INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (axis, slice)) WITHOUT ROWID;
CREATE TABLE label_table (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
  r INTEGER NOT NULL, g INTEGER NOT NULL, b INTEGER NOT NULL,
  visible INTEGER NOT NULL DEFAULT 1, locked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE saves (id INTEGER PRIMARY KEY, time INTEGER NOT NULL, author TEXT NOT NULL,
  description TEXT NOT NULL);
CREATE TABLE save_bricks (save_id INTEGER NOT NULL, brick INTEGER NOT NULL,
  PRIMARY KEY (save_id, brick)) WITHOUT ROWID;
CREATE TABLE proposals (id INTEGER PRIMARY KEY, predictor TEXT NOT NULL, parameters TEXT NOT NULL,
  axis INTEGER NOT NULL, created INTEGER NOT NULL, key_slices TEXT NOT NULL,
  confidence BLOB NOT NULL, key_state TEXT NOT NULL DEFAULT '');
CREATE TABLE proposal_slices (proposal_id INTEGER NOT NULL, k INTEGER NOT NULL,
  labels BLOB NOT NULL, PRIMARY KEY (proposal_id, k)) WITHOUT ROWID;
CREATE TABLE review_time (axis INTEGER NOT NULL, slice INTEGER NOT NULL, seconds REAL NOT NULL,
  PRIMARY KEY (axis, slice)) WITHOUT ROWID;
CREATE TABLE queue_jobs (queue_path TEXT NOT NULL, job_id INTEGER NOT NULL, folder TEXT NOT NULL,
  predictor TEXT NOT NULL, axis INTEGER NOT NULL, key_state TEXT NOT NULL, submitted INTEGER NOT NULL,
  state TEXT NOT NULL, proposal_id INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (queue_path, job_id)) WITHOUT ROWID;
PRAGMA user_version = 5;
)SQL";

// Migrations are frozen: they restate the tables they add instead of sharing text with the
// current schema, so a later change to kSchemaV2 cannot alter what upgrading a v1 study does.
constexpr const char* kMigrateV1ToV2 = R"SQL(
ALTER TABLE study ADD COLUMN dicom_study_uid TEXT;
ALTER TABLE study ADD COLUMN dicom_series_uid TEXT;
ALTER TABLE study ADD COLUMN dicom_frame_uid TEXT;
ALTER TABLE label_table ADD COLUMN visible INTEGER NOT NULL DEFAULT 1;
ALTER TABLE label_table ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
CREATE TABLE proposals (id INTEGER PRIMARY KEY, predictor TEXT NOT NULL, parameters TEXT NOT NULL,
  axis INTEGER NOT NULL, created INTEGER NOT NULL, key_slices TEXT NOT NULL,
  confidence BLOB NOT NULL);
CREATE TABLE proposal_slices (proposal_id INTEGER NOT NULL, k INTEGER NOT NULL,
  labels BLOB NOT NULL, PRIMARY KEY (proposal_id, k)) WITHOUT ROWID;
PRAGMA user_version = 2;
)SQL";

constexpr const char* kMigrateV2ToV3Tables = R"SQL(
CREATE TABLE label_bricks (brick INTEGER PRIMARY KEY, labels BLOB NOT NULL, provenance BLOB NOT NULL);
CREATE TABLE save_bricks (save_id INTEGER NOT NULL, brick INTEGER NOT NULL,
  PRIMARY KEY (save_id, brick)) WITHOUT ROWID;
ALTER TABLE slice_marks ADD COLUMN proposal_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE proposals ADD COLUMN key_state TEXT NOT NULL DEFAULT '';
)SQL";

// Version 3 stores labels by brick instead of by axial slice, so that a stroke on a coronal or
// sagittal slice writes a few bricks instead of every slice. The slices are re-cut into bricks;
// an old save's history names the bricks of the slices it wrote.
void migrateV2ToV3(StudyDatabase& db, const std::string& dir) {
  db.exec(kMigrateV2ToV3Tables);
  Index3 size{};
  {
    StudyDatabase::Statement s(db, "SELECT size_x, size_y, size_z FROM study WHERE id = 1");
    if (!s.step()) throw StudyError("study " + dir + " has no study record");
    size = {s.integer(0), s.integer(1), s.integer(2)};
  }
  const ImageGeometry check{size};
  if (!check.valid()) throw StudyError("study " + dir + " has an invalid geometry record");
  const size_t plane = size_t(size[0]) * size_t(size[1]);
  std::vector<Label> labels(plane * size_t(size[2]), 0);
  std::vector<uint8_t> origins(labels.size(), 0);
  try {
    StudyDatabase::Statement s(db, "SELECT k, labels, provenance FROM label_slices");
    while (s.step()) {
      const int64_t k = s.integer(0);
      if (k < 0 || k >= size[2]) throw StudyError("study " + dir + " holds a slice outside the image");
      decompressBytes(s.blob(1), labels.data() + size_t(k) * plane, plane * sizeof(Label));
      decompressBytes(s.blob(2), origins.data() + size_t(k) * plane, plane);
    }
    const BrickGrid grid(size);
    StudyDatabase::Statement put(db, "INSERT INTO label_bricks (brick, labels, provenance) VALUES (?, ?, ?)");
    for (int64_t b = 0; b < grid.brickCount(); ++b) {
      const std::vector<Label> l = grid.extract(labels, b);
      const std::vector<uint8_t> o = grid.extract(origins, b);
      const bool empty = std::all_of(l.begin(), l.end(), [](Label x) { return x == 0; }) &&
                         std::all_of(o.begin(), o.end(), [](uint8_t x) { return x == 0; });
      if (!empty)
        put.bind(1, b).bindBlob(2, compressBytes(l.data(), l.size() * sizeof(Label)))
            .bindBlob(3, compressBytes(o.data(), o.size())).run();
    }
    StudyDatabase::Statement history(db, "SELECT save_id, k FROM save_slices");
    std::set<std::pair<int64_t, int64_t>> saveBricks;
    while (history.step()) {
      const int64_t k = history.integer(1);
      if (k < 0 || k >= size[2]) continue;
      for (int64_t bj = 0; bj < grid.count[1]; ++bj)
        for (int64_t bi = 0; bi < grid.count[0]; ++bi)
          saveBricks.emplace(history.integer(0), grid.brickId(bi, bj, k / BrickGrid::kEdge));
    }
    StudyDatabase::Statement note(db, "INSERT INTO save_bricks (save_id, brick) VALUES (?, ?)");
    for (const auto& [save, brick] : saveBricks) note.bind(1, save).bind(2, brick).run();
  } catch (const CodecError& e) {
    throw StudyError("study " + dir + " is damaged: " + e.what());
  }
  db.exec("DROP TABLE label_slices; DROP TABLE save_slices; PRAGMA user_version = 3;");
}

constexpr const char* kMigrateV3ToV4 = R"SQL(
CREATE TABLE review_time (axis INTEGER NOT NULL, slice INTEGER NOT NULL, seconds REAL NOT NULL,
  PRIMARY KEY (axis, slice)) WITHOUT ROWID;
PRAGMA user_version = 4;
)SQL";

constexpr const char* kMigrateV4ToV5 = R"SQL(
CREATE TABLE queue_jobs (queue_path TEXT NOT NULL, job_id INTEGER NOT NULL, folder TEXT NOT NULL,
  predictor TEXT NOT NULL, axis INTEGER NOT NULL, key_state TEXT NOT NULL, submitted INTEGER NOT NULL,
  state TEXT NOT NULL, proposal_id INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (queue_path, job_id)) WITHOUT ROWID;
PRAGMA user_version = 5;
)SQL";

}  // namespace

int studySchemaVersion(StudyDatabase& db) { return int(db.queryInt("PRAGMA user_version")); }

void createStudySchema(StudyDatabase& db) {
  StudyTransaction tx(db);
  db.exec(kSchemaV5);
  tx.commit();
}

int migrateStudySchema(StudyDatabase& db, const std::string& dir) {
  const int version = studySchemaVersion(db);
  if (version == Study::kSchemaVersion) return version;
  if (version > Study::kSchemaVersion)
    throw StudyError("study " + dir + " was written by a newer Slicewise (schema version " +
                     std::to_string(version) + "; this build reads up to " +
                     std::to_string(Study::kSchemaVersion) + ")");
  if (version < 1) throw StudyError(dir + " does not hold a Slicewise study database");
  db.setContext("cannot upgrade study " + dir + " from schema version " + std::to_string(version));
  StudyTransaction tx(db);
  if (version <= 1) db.exec(kMigrateV1ToV2);
  if (version <= 2) migrateV2ToV3(db, dir);
  if (version <= 3) db.exec(kMigrateV3ToV4);
  if (version <= 4) db.exec(kMigrateV4ToV5);
  tx.commit();
  return version;
}

}  // namespace slicewise
