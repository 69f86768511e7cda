#include "study/StudySchema.h"

#include "study/Study.h"
#include "study/StudyDatabase.h"

namespace slicewise {

namespace {

constexpr const char* kSchemaV2 = R"SQL(
CREATE TABLE study (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  size_x INTEGER NOT NULL, size_y INTEGER NOT NULL, size_z INTEGER NOT NULL,
  spacing TEXT NOT NULL, origin TEXT NOT NULL, direction TEXT NOT NULL,
  image_path TEXT NOT NULL, image_copied INTEGER NOT NULL,
  image_size INTEGER NOT NULL, image_sha256 TEXT NOT NULL,
  created INTEGER NOT NULL,
  dicom_study_uid TEXT, dicom_series_uid TEXT, dicom_frame_uid TEXT);
CREATE TABLE label_slices (k INTEGER PRIMARY KEY, labels BLOB NOT NULL, provenance BLOB NOT NULL);
CREATE TABLE slice_marks (axis INTEGER NOT NULL, slice INTEGER NOT NULL,
  worklist_rank INTEGER NOT NULL, annotation INTEGER NOT NULL, review INTEGER NOT NULL,
  PRIMARY KEY (axis, slice)) WITHOUT ROWID;
CREATE TABLE label_table (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
  r INTEGER NOT NULL, g INTEGER NOT NULL, b INTEGER NOT NULL,
  visible INTEGER NOT NULL DEFAULT 1, locked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE saves (id INTEGER PRIMARY KEY, time INTEGER NOT NULL, author TEXT NOT NULL,
  description TEXT NOT NULL);
CREATE TABLE save_slices (save_id INTEGER NOT NULL, k INTEGER NOT NULL,
  PRIMARY KEY (save_id, k)) WITHOUT ROWID;
CREATE TABLE proposals (id INTEGER PRIMARY KEY, predictor TEXT NOT NULL, parameters TEXT NOT NULL,
  axis INTEGER NOT NULL, created INTEGER NOT NULL, key_slices TEXT NOT NULL,
  confidence BLOB NOT NULL);
CREATE TABLE proposal_slices (proposal_id INTEGER NOT NULL, k INTEGER NOT NULL,
  labels BLOB NOT NULL, PRIMARY KEY (proposal_id, k)) WITHOUT ROWID;
PRAGMA user_version = 2;
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

}  // namespace

int studySchemaVersion(StudyDatabase& db) { return int(db.queryInt("PRAGMA user_version")); }

void createStudySchema(StudyDatabase& db) {
  StudyTransaction tx(db);
  db.exec(kSchemaV2);
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
  if (version == 1) db.exec(kMigrateV1ToV2);
  tx.commit();
  return version;
}

}  // namespace slicewise
