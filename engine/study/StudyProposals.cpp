// Proposals (a predictor's labels, compressed per axial slice, plus per-slice confidence) and
// review time: written at once, not through the edit API (they change no annotation).
#include <cstring>
#include <ctime>
#include <sstream>

#include "model/ByteCodec.h"
#include "study/Study.h"
#include "study/StudyDatabase.h"

namespace slicewise {

namespace {

std::string joinSlices(const std::vector<int64_t>& slices) {
  std::string out;
  for (int64_t s : slices) {
    if (!out.empty()) out += ' ';
    out += std::to_string(s);
  }
  return out;
}

std::vector<int64_t> splitSlices(const std::string& text) {
  std::vector<int64_t> out;
  std::istringstream in(text);
  int64_t v;
  while (in >> v) out.push_back(v);
  return out;
}

}  // namespace

int64_t Study::addProposal(const Proposal& proposal) { return storeProposal(proposal, nullptr); }

int64_t Study::storeProposal(const Proposal& proposal, const StudyQueueJob* fromJob) {
  requireWritable();
  const ImageGeometry& g = geometry();
  if (proposal.labels.geometry().size != g.size)
    throw StudyError("cannot add a proposal of predictor '" + proposal.predictor +
                     "' to study " + dir_ + ": its labels are not on the study's grid");
  const size_t plane = size_t(g.size[0]) * size_t(g.size[1]);
  std::vector<std::pair<int64_t, std::vector<uint8_t>>> blobs;
  for (int64_t k = 0; k < g.size[2]; ++k) {
    const Label* p = proposal.labels.data().data() + size_t(k) * plane;
    bool any = false;
    for (size_t i = 0; i < plane && !any; ++i) any = p[i] != 0;
    if (any) {
      try {
        blobs.emplace_back(k, compressBytes(p, plane * sizeof(Label)));
      } catch (const CodecError& e) {
        throw StudyError("cannot add a proposal to study " + dir_ + ": " + e.what());
      }
    }
  }
  std::vector<uint8_t> confidence(proposal.sliceConfidence.size() * sizeof(float));
  if (!confidence.empty())
    std::memcpy(confidence.data(), proposal.sliceConfidence.data(), confidence.size());
  std::lock_guard<std::mutex> guard(dbMutex_);
  StudyDatabase& db = *db_;
  db.setContext("cannot add a proposal to study " + dir_);
  StudyTransaction tx(db);
  StudyDatabase::Statement head(db, R"SQL(INSERT INTO proposals (predictor, parameters, axis, created,
    key_slices, confidence, key_state) VALUES (?, ?, ?, ?, ?, ?, ?))SQL");
  head.bind(1, proposal.predictor).bind(2, proposal.parametersJson)
      .bind(3, int64_t(proposal.axis))
      .bind(4, proposal.createdUnixSeconds != 0 ? proposal.createdUnixSeconds : int64_t(std::time(nullptr)))
      .bind(5, joinSlices(proposal.keySlices)).bindBlob(6, confidence).bind(7, proposal.keyState).run();
  const int64_t id = db.lastInsertId();
  StudyDatabase::Statement put(db, "INSERT INTO proposal_slices (proposal_id, k, labels) VALUES (?, ?, ?)");
  for (const auto& [k, blob] : blobs) put.bind(1, id).bind(2, k).bindBlob(3, blob).run();
  if (fromJob) {
    StudyDatabase::Statement mark(db, "UPDATE queue_jobs SET state = 'imported', proposal_id = ? WHERE queue_path = ? AND job_id = ?");
    mark.bind(1, id).bind(2, fromJob->queuePath).bind(3, fromJob->jobId).run();
  }
  tx.commit();
  return id;
}

std::vector<ProposalSummary> Study::proposals() const {
  std::lock_guard<std::mutex> guard(dbMutex_);
  db_->setContext("cannot read the proposals of study " + dir_);
  std::vector<ProposalSummary> out;
  StudyDatabase::Statement s(*db_, R"SQL(SELECT id, predictor, parameters, axis, created, key_slices,
    length(confidence), key_state FROM proposals ORDER BY id)SQL");
  while (s.step()) {
    ProposalSummary p;
    p.id = s.integer(0);
    p.predictor = s.text(1);
    p.parametersJson = s.text(2);
    p.axis = SliceAxis(s.integer(3));
    p.createdUnixSeconds = s.integer(4);
    p.keySlices = splitSlices(s.text(5));
    p.slices = s.integer(6) / int64_t(sizeof(float));
    p.keyState = s.text(7);
    out.push_back(std::move(p));
  }
  return out;
}

Proposal Study::loadProposal(int64_t id) const {
  std::lock_guard<std::mutex> guard(dbMutex_);
  StudyDatabase& db = *db_;
  db.setContext("cannot read proposal " + std::to_string(id) + " of study " + dir_);
  StudyDatabase::Statement s(db, R"SQL(SELECT predictor, parameters, axis, created, key_slices,
    confidence, key_state FROM proposals WHERE id = ?)SQL");
  s.bind(1, id);
  if (!s.step()) throw StudyError("study " + dir_ + " has no proposal " + std::to_string(id));
  Proposal p;
  p.predictor = s.text(0);
  p.parametersJson = s.text(1);
  p.axis = SliceAxis(s.integer(2));
  p.createdUnixSeconds = s.integer(3);
  p.keySlices = splitSlices(s.text(4));
  p.keyState = s.text(6);
  const std::vector<uint8_t> conf = s.blob(5);
  p.sliceConfidence.resize(conf.size() / sizeof(float));
  if (!p.sliceConfidence.empty()) std::memcpy(p.sliceConfidence.data(), conf.data(), conf.size());
  const ImageGeometry& g = geometry();
  p.labels = LabelVolume(g);
  const size_t plane = size_t(g.size[0]) * size_t(g.size[1]);
  StudyDatabase::Statement k(db, "SELECT k, labels FROM proposal_slices WHERE proposal_id = ?");
  k.bind(1, id);
  while (k.step()) {
    const int64_t z = k.integer(0);
    if (z < 0 || z >= g.size[2]) continue;
    try {
      decompressBytes(k.blob(1), p.labels.data().data() + size_t(z) * plane, plane * sizeof(Label));
    } catch (const CodecError& e) {
      throw StudyError("proposal " + std::to_string(id) + " of study " + dir_ + " is damaged: " + e.what());
    }
  }
  return p;
}

void Study::addReviewSeconds(SliceAxis axis, int64_t slice, double seconds) {
  requireWritable();
  std::lock_guard<std::mutex> guard(dbMutex_);
  db_->setContext("cannot record review time in study " + dir_);
  StudyDatabase::Statement s(*db_, R"SQL(INSERT INTO review_time (axis, slice, seconds) VALUES (?, ?, ?)
    ON CONFLICT (axis, slice) DO UPDATE SET seconds = seconds + excluded.seconds)SQL");
  s.bind(1, int64_t(axis)).bind(2, slice).bind(3, seconds).run();
}

std::map<SliceRef, double> Study::reviewSeconds() const {
  std::lock_guard<std::mutex> guard(dbMutex_);
  db_->setContext("cannot read the review time of study " + dir_);
  std::map<SliceRef, double> out;
  StudyDatabase::Statement s(*db_, "SELECT axis, slice, seconds FROM review_time");
  while (s.step()) out[SliceRef{SliceAxis(s.integer(0)), s.integer(1)}] = s.real(2);
  return out;
}

void Study::removeProposal(int64_t id) {
  requireWritable();
  std::lock_guard<std::mutex> guard(dbMutex_);
  StudyDatabase& db = *db_;
  db.setContext("cannot remove proposal " + std::to_string(id) + " of study " + dir_);
  StudyTransaction tx(db);
  StudyDatabase::Statement a(db, "DELETE FROM proposal_slices WHERE proposal_id = ?");
  a.bind(1, id).run();
  StudyDatabase::Statement b(db, "DELETE FROM proposals WHERE id = ?");
  b.bind(1, id).run();
  tx.commit();
}

}  // namespace slicewise
