#include "study/Study.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <sstream>

#include "files/MemoryBudget.h"
#include "model/SliceAxis.h"
#include "io/ImageIO.h"
#include "io/IoError.h"
#include "study/FileHash.h"
#include "model/ByteCodec.h"
#include "model/KeyStateHash.h"
#include "study/StudyDatabase.h"
#include "study/StudyLock.h"
#include "study/StudySchema.h"
#include "study/StudySnapshot.h"

namespace fs = std::filesystem;

namespace slicewise {

namespace {

constexpr const char* kDatabaseName = "study.sqlite";

std::string databasePath(const std::string& dir) { return dir + "/" + kDatabaseName; }

template <size_t N>
std::string joinNumbers(const std::array<double, N>& values) {
  std::string out;
  char buf[40];
  for (double v : values) {
    std::snprintf(buf, sizeof(buf), "%.17g", v);
    if (!out.empty()) out += ' ';
    out += buf;
  }
  return out;
}

template <size_t N>
std::array<double, N> splitNumbers(const std::string& text, const std::string& dir) {
  std::array<double, N> values{};
  std::istringstream in(text);
  for (auto& v : values)
    if (!(in >> v)) throw StudyError("study " + dir + " has a damaged geometry record");
  return values;
}

// The image's full extension (".nii.gz", not ".gz") so that the copy keeps its format.
std::string imageExtension(const std::string& path) {
  const std::string name = fs::path(path).filename().string();
  for (const char* ext : {".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd", ".gipl.gz", ".gipl"})
    if (name.size() > std::strlen(ext) && name.ends_with(ext)) return ext;
  return fs::path(path).extension().string();
}

void configureConnection(StudyDatabase& db) {
  db.exec("PRAGMA journal_mode = WAL");
  // FULL: a commit is on disk (the WAL synced) before save() returns, so a confirmed save
  // survives power loss too, not only a killed process.
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
}

}  // namespace

Study::Study() = default;

Study::~Study() {
  db_.reset();
  lock_.reset();
}

bool Study::isStudy(const std::string& dir) {
  std::error_code ec;
  return fs::is_regular_file(databasePath(dir), ec);
}

std::string Study::imagePath() const {
  if (!image_.copied) return image_.path;
  return (fs::path(dir_) / image_.path).string();
}

void Study::requireWritable() const {
  if (mode_ == Mode::ReadOnly) throw StudyError("study " + dir_ + " is open read-only");
}

namespace {

// A create in progress is built in ".NAME.creating.HOST.PID" beside the target and renamed onto
// it when complete, so a killed create never leaves a half study under the target's name.
std::string buildFolderPrefix(const fs::path& target) {
  std::string prefix(1, '.');
  prefix += target.filename().string();
  prefix += ".creating.";
  return prefix;
}

// Build folders of creates on this host whose process has ended.
void removeAbandonedBuilds(const fs::path& target) {
  std::error_code ec;
  const std::string prefix = buildFolderPrefix(target) + StudyLock::hostName() + ".";
  for (const auto& entry : fs::directory_iterator(target.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid > 0 && kill(pid_t(pid), 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), ec);
  }
}

}  // namespace

std::unique_ptr<Study> Study::create(const std::string& dir, const std::string& imagePath,
                                     const StudyCreateOptions& options) {
  return build(dir, imagePath, nullptr, options);
}

std::unique_ptr<Study> Study::createStoringImage(const std::string& dir, const Volume& image,
                                                 const StudyCreateOptions& options) {
  return build(dir, {}, &image, options);
}

std::unique_ptr<Study> Study::build(const std::string& dirIn, const std::string& imagePathIn,
                                    const Volume* toStore, const StudyCreateOptions& options) {
  std::error_code ec;
  const fs::path target = fs::absolute(dirIn, ec).lexically_normal();
  const std::string dir = target.string();
  const std::string imagePath = toStore ? std::string() : fs::absolute(imagePathIn, ec).lexically_normal().string();
  const auto refuseNonEmpty = [&] {
    return StudyError("cannot create study " + dir + ": the folder exists and is not empty");
  };
  if (fs::exists(target, ec) && !(fs::is_directory(target, ec) && fs::is_empty(target, ec))) throw refuseNonEmpty();
  Volume read;
  const Volume* image = toStore ? toStore : options.image;
  if (!image) {
    try {
      read = readImage(imagePath);
    } catch (const IoError& e) {
      throw StudyError(e.what());
    }
    image = &read;
  }
  const ImageGeometry& geometry = image->geometry();
  if (options.labels && !options.labels->geometry().sameGrid(geometry))
    throw StudyError("cannot create study " + dir + ": the labels are on another grid than the image (" +
                     options.labels->geometry().describe() + " vs " + geometry.describe() + ")");
  fs::create_directories(target.parent_path(), ec);
  removeAbandonedBuilds(target);
  const fs::path build = target.parent_path() / (buildFolderPrefix(target) + StudyLock::hostName() + "." +
                                                 std::to_string(getpid()) + "." + std::to_string(std::rand()));
  if (!fs::create_directory(build, ec))
    throw StudyError("cannot create study folder " + dir + ": " + (ec ? ec.message() : "it exists"));
  struct RemoveUnlessPublished {
    fs::path folder;
    bool published = false;
    ~RemoveUnlessPublished() {
      std::error_code e;
      if (!published) fs::remove_all(folder, e);
    }
  } cleanup{build};
  {
    std::unique_ptr<Study> study(new Study);
    study->dir_ = build.string();
    study->mode_ = Mode::ReadWrite;
    study->image_.copied = options.copyImage || toStore;
    std::string recordedPath = imagePath;
    if (toStore) {
      // Uncompressed: a 512 x 512 x 300 CT writes in a fraction of a second, gzip takes seconds.
      study->image_.path = "image.nii";
      recordedPath = (build / study->image_.path).string();
      try {
        writeImage(*toStore, recordedPath);
      } catch (const IoError& e) {
        throw StudyError("cannot store the image in study " + dir + ": " + e.what());
      }
    } else if (options.copyImage) {
      // A header with a separate data file (.mhd, .nhdr) is copied as one self-contained file.
      std::string ext = imageExtension(imagePath);
      if (ext == ".mhd") ext = ".mha";
      if (ext == ".nhdr") ext = ".nrrd";
      study->image_.path = "image" + ext;
      recordedPath = (build / study->image_.path).string();
      try {
        if (ext == imageExtension(imagePath)) {
          fs::copy_file(imagePath, recordedPath, ec);
          if (ec) throw StudyError("cannot copy the image into study " + dir + ": " + ec.message());
        } else {
          writeImage(*image, recordedPath);
        }
      } catch (const IoError& e) {
        throw StudyError("cannot copy the image into study " + dir + ": " + e.what());
      }
    } else {
      study->image_.path = imagePath;
    }
    const FileFingerprint fp = fingerprintFile(recordedPath);
    study->image_.sizeBytes = fp.sizeBytes;
    study->image_.sha256 = fp.sha256;
    study->dicom_ = options.dicom;
    study->lock_ = StudyLock::acquire(study->dir_);
    study->db_ = std::make_unique<StudyDatabase>(databasePath(study->dir_), false, true);
    configureConnection(*study->db_);
    study->db_->setContext("cannot create study " + dir);
    createStudySchema(*study->db_);
    StudyDatabase::Statement insert(*study->db_, R"SQL(
      INSERT INTO study (id, size_x, size_y, size_z, spacing, origin, direction, image_path,
        image_copied, image_size, image_sha256, created, dicom_study_uid, dicom_series_uid,
        dicom_frame_uid) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))SQL");
    insert.bind(1, int64_t(geometry.size[0])).bind(2, int64_t(geometry.size[1]))
        .bind(3, int64_t(geometry.size[2])).bind(4, joinNumbers(geometry.spacing))
        .bind(5, joinNumbers(geometry.origin)).bind(6, joinNumbers(geometry.direction))
        .bind(7, study->image_.path).bind(8, int64_t(study->image_.copied))
        .bind(9, int64_t(fp.sizeBytes)).bind(10, fp.sha256).bind(11, int64_t(std::time(nullptr)));
    if (options.dicom) {
      insert.bind(12, options.dicom->studyInstanceUid).bind(13, options.dicom->seriesInstanceUid)
          .bind(14, options.dicom->frameOfReferenceUid);
    }
    insert.run();
    Annotation initial(geometry);
    if (options.labels) initial.labels = LabelVolume(geometry, options.labels->data());
    initial.table = options.labelTable;
    std::vector<Label> present;
    for (const auto& [id, count] : initial.labels.labelCounts()) present.push_back(id);
    initial.table.addMissing(present);
    study->attachEditor(std::move(initial));
    study->tableDirty_ = true;
    // Only bricks holding labels are written; an absent row reads as background.
    const BrickGrid& grid = study->editor_->bricks();
    const auto& data = study->labels().data();
    for (int64_t b = 0; b < grid.brickCount(); ++b) {
      const std::vector<Label> packed = grid.extract(data, b);
      if (std::any_of(packed.begin(), packed.end(), [](Label l) { return l != 0; }))
        study->dirtyBricks_.insert(b);
    }
    study->save(options.author, "create");
  }  // closed: the database folded its WAL back, the lock is released
  // rename(2) replaces an empty folder but never a non-empty one: of two creates racing for
  // one name, the second finds the first's study there and fails, removing only its own build.
  if (::rename(build.c_str(), dir.c_str()) != 0) {
    const int err = errno;
    if (err == ENOTEMPTY || err == EEXIST) throw refuseNonEmpty();
    throw StudyError("cannot create study " + dir + ": " + std::strerror(err));
  }
  cleanup.published = true;
  return open(dir);
}

std::unique_ptr<Study> Study::open(const std::string& dirIn, Mode mode, bool takeOverForeignLock) {
  std::error_code ec;
  const std::string dir = fs::absolute(dirIn, ec).lexically_normal().string();
  if (!isStudy(dir)) throw StudyError(dir + " is not a Slicewise study (no " + kDatabaseName + ")");
  std::unique_ptr<Study> study(new Study);
  study->dir_ = dir;
  study->mode_ = mode;
  if (mode == Mode::ReadWrite) {
    study->lock_ = StudyLock::acquire(dir, takeOverForeignLock);
    if (study->lock_->staleOwnerWasElsewhere())
      study->openNotes_.push_back("took over the lock left by another computer (" +
                                  study->lock_->staleOwner() + ")");
    else if (!study->lock_->staleOwner().empty())
      study->openNotes_.push_back("took over the stale lock of a process that has ended (" +
                                  study->lock_->staleOwner() + ")");
  }
  study->db_ = std::make_unique<StudyDatabase>(databasePath(dir), mode == Mode::ReadOnly, false);
  if (mode == Mode::ReadWrite) {
    // Refuse a newer study, or a database that holds no study, before touching it (even its
    // journal mode); migrateStudySchema throws the message.
    if (const int version = studySchemaVersion(*study->db_); version > kSchemaVersion || version < 1)
      migrateStudySchema(*study->db_, dir);
    configureConnection(*study->db_);
    const int from = migrateStudySchema(*study->db_, dir);
    if (from != kSchemaVersion)
      study->openNotes_.push_back("upgraded the study from schema version " + std::to_string(from) +
                                  " to " + std::to_string(kSchemaVersion));
    study->schemaVersion_ = kSchemaVersion;
  } else {
    // Read where it lies when possible; else (read-only media, an older schema to upgrade) from
    // a private copy in memory, so that reading never writes to the study.
    bool inMemory = false;
    if (!study->db_->readable()) {
      study->db_ = StudyDatabase::inMemoryCopy(databasePath(dir));
      inMemory = true;
    }
    const int version = studySchemaVersion(*study->db_);
    if (version > kSchemaVersion || version < 1) migrateStudySchema(*study->db_, dir);  // throws
    study->schemaVersion_ = version;  // of the file, whatever this copy was upgraded to
    if (version != kSchemaVersion) {
      if (!inMemory) study->db_ = StudyDatabase::inMemoryCopy(databasePath(dir));
      migrateStudySchema(*study->db_, dir);
      study->openNotes_.push_back("read a study of schema version " + std::to_string(version) +
                                  " (upgraded in memory only; opening it read-write upgrades the file)");
    }
  }
  study->loadAll();
  if (mode == Mode::ReadWrite) {
    const QueueImportReport imported = study->importFinishedJobs();
    study->openNotes_.insert(study->openNotes_.end(), imported.notes.begin(), imported.notes.end());
  }
  return study;
}

void Study::loadAll() {
  StudyDatabase& db = *db_;
  db.setContext("cannot read study " + dir_);
  ImageGeometry g;
  {
    StudyDatabase::Statement s(db, R"SQL(SELECT size_x, size_y, size_z, spacing, origin, direction,
      image_path, image_copied, image_size, image_sha256, dicom_study_uid, dicom_series_uid,
      dicom_frame_uid FROM study WHERE id = 1)SQL");
    if (!s.step()) throw StudyError("study " + dir_ + " has no study record");
    g.size = {s.integer(0), s.integer(1), s.integer(2)};
    g.spacing = splitNumbers<3>(s.text(3), dir_);
    g.origin = splitNumbers<3>(s.text(4), dir_);
    g.direction = splitNumbers<9>(s.text(5), dir_);
    if (!g.valid()) throw StudyError("study " + dir_ + " has an invalid geometry record");
    // The record alone must not decide how much memory is taken: labels (2 bytes) and provenance
    // (1 byte) per voxel are allocated from it before the image is read.
    const uint64_t needed =
        saturatingProduct({uint64_t(g.size[0]), uint64_t(g.size[1]), uint64_t(g.size[2]), sizeof(Label) + 1});
    if (const uint64_t usable = usableMemoryBytes(); needed > usable)
      throw StudyError("study " + dir_ + " records a " + std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]) +
                       "x" + std::to_string(g.size[2]) + " grid whose labels need " + formatBytes(needed) + ", more than the " +
                       formatBytes(usable) + " this process can use");
    image_.path = s.text(6);
    image_.copied = s.integer(7) != 0;
    image_.sizeBytes = uint64_t(s.integer(8));
    image_.sha256 = s.text(9);
    if (!s.isNull(10) || !s.isNull(11) || !s.isNull(12))
      dicom_ = DicomIdentity{s.text(10), s.text(11), s.text(12)};
  }
  Annotation a(g);
  const BrickGrid grid(g.size);
  try {
    StudyDatabase::Statement s(db, "SELECT brick, labels, provenance FROM label_bricks");
    std::vector<Label> labels;
    std::vector<uint8_t> origins;
    while (s.step()) {
      const int64_t b = s.integer(0);
      if (b < 0 || b >= grid.brickCount()) throw StudyError("study " + dir_ + " holds a brick outside the image");
      const size_t n = grid.voxelsIn(b);
      labels.resize(n);
      origins.resize(n);
      decompressBytes(s.blob(1), labels.data(), n * sizeof(Label));
      decompressBytes(s.blob(2), origins.data(), n);
      grid.insert(a.labels.data(), b, labels.data());
      grid.insert(a.provenance.data(), b, origins.data());
    }
  } catch (const CodecError& e) {
    throw StudyError("study " + dir_ + " is damaged: " + e.what());
  }
  {
    StudyDatabase::Statement s(db, "SELECT axis, slice, worklist_rank, annotation, review, proposal_id FROM slice_marks");
    while (s.step()) {
      const int64_t axis = s.integer(0);
      if (axis < 0 || axis > 2) continue;
      SliceMark m;
      m.worklistRank = int(s.integer(2));
      m.annotation = AnnotationState(s.integer(3));
      m.review = ReviewState(s.integer(4));
      m.reviewedProposal = s.integer(5);
      a.marks.set(SliceAxis(axis), s.integer(1), m);
    }
  }
  {
    StudyDatabase::Statement s(db, "SELECT id, name, r, g, b, visible, locked FROM label_table");
    while (s.step()) {
      LabelInfo info;
      info.id = Label(s.integer(0));
      info.name = s.text(1);
      info.color = Rgb{uint8_t(s.integer(2)), uint8_t(s.integer(3)), uint8_t(s.integer(4))};
      info.visible = s.integer(5) != 0;
      info.locked = s.integer(6) != 0;
      a.table.set(info);
    }
  }
  attachEditor(std::move(a));
}

void Study::attachEditor(Annotation annotation) {
  editor_ = std::make_unique<AnnotationEditor>(std::move(annotation));
  editor_->addListener([this](const ChangeSet& change) { noteChange(change); });
}

void Study::noteChange(const ChangeSet& change) {
  dirtyBricks_.insert(change.bricks.begin(), change.bricks.end());
  dirtyMarks_.insert(change.marks.begin(), change.marks.end());
  tableDirty_ = tableDirty_ || change.labelTable;
}

AnnotationEditor& Study::editor() {
  requireWritable();
  return *editor_;
}

bool Study::isStale(const ProposalSummary& proposal) const {
  return proposal.keyState.empty() || proposal.keyState != keyStateHash(annotation(), proposal.axis);
}

Volume Study::loadImage() const {
  const std::string path = imagePath();
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw StudyError("the image of study " + dir_ + " is missing: " + path);
  const FileFingerprint fp = fingerprintFile(path);
  if (fp.sizeBytes != image_.sizeBytes)
    throw StudyError("the image " + path + " changed since the study was created (" +
                     std::to_string(fp.sizeBytes) + " bytes, expected " +
                     std::to_string(image_.sizeBytes) + ")");
  if (fp.sha256 != image_.sha256)
    throw StudyError("the image " + path + " changed since the study was created (its content differs)");
  Volume v;
  try {
    v = readImage(path);
  } catch (const IoError& e) {
    throw StudyError(e.what());
  }
  if (!v.geometry().sameGrid(geometry()))
    throw StudyError("the image " + path + " is on another grid than study " + dir_);
  return v;
}

void Study::saveAs(const std::string& newDir) {
  requireWritable();
  std::error_code ec;
  const fs::path target = fs::absolute(newDir, ec).lexically_normal();
  if (fs::exists(target, ec) && !(fs::is_directory(target, ec) && fs::is_empty(target, ec)))
    throw StudyError("cannot save study as " + target.string() + ": the folder exists and is not empty");
  const std::string rel = target.lexically_relative(dir_).string();
  if (!rel.empty() && rel.rfind("..", 0) != 0)
    throw StudyError("cannot save study as " + target.string() + ": it lies inside the study itself");
  save("", "save as " + target.string());
  fs::create_directories(target.parent_path(), ec);
  const fs::path build = target.parent_path() / (buildFolderPrefix(target) + StudyLock::hostName() + "." +
                                                 std::to_string(getpid()) + "." + std::to_string(std::rand()));
  // Closing the database folds its WAL back, so the folder holds whole files only.
  db_.reset();
  const auto reopen = [this](const std::string& dir) {
    lock_.reset();
    lock_ = StudyLock::acquire(dir);
    db_ = std::make_unique<StudyDatabase>(databasePath(dir), false, false);
    configureConnection(*db_);
    dir_ = dir;
  };
  try {
    fs::create_directory(build);
    for (const auto& entry : fs::directory_iterator(dir_)) {
      const std::string name = entry.path().filename().string();
      if (name == "study.lock" || !entry.is_regular_file()) continue;
      fs::copy_file(entry.path(), build / name);
    }
    if (::rename(build.c_str(), target.c_str()) != 0)
      throw StudyError("cannot save study as " + target.string() + ": " + std::strerror(errno));
  } catch (const std::exception& e) {
    fs::remove_all(build, ec);
    reopen(dir_);
    if (dynamic_cast<const StudyError*>(&e)) throw;
    throw StudyError("cannot save study as " + target.string() + ": " + e.what());
  }
  reopen(target.string());
}

bool Study::hasUnsavedChanges() const {
  return !dirtyBricks_.empty() || !dirtyMarks_.empty() || tableDirty_;
}

}  // namespace slicewise
