#pragma once

#include <string>

namespace slicewise {

class StudyDatabase;

// The study database layout, by version (PRAGMA user_version):
//  1  study (geometry, image reference), label_slices, slice_marks, label_table (id, name,
//     colour), saves + save_slices (history)
//  2  adds DICOM identity columns to study, visible/locked to label_table, and proposals
//  3  labels by brick (label_bricks, save_bricks replace label_slices, save_slices), the
//     proposal a review mark names (slice_marks.proposal_id), proposals' key_state
//  4  review_time: seconds a person spent reviewing each slice
//  5  queue_jobs: the training jobs the study sent to a queue, and which proposal each became
void createStudySchema(StudyDatabase& db);
// Upgrades an older database in one transaction; returns the version it had. Throws StudyError
// for a version newer than this build knows.
int migrateStudySchema(StudyDatabase& db, const std::string& dir);
int studySchemaVersion(StudyDatabase& db);

}  // namespace slicewise
