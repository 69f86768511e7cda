#include "study/StudyDatabase.h"

#include <sqlite3.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "study/Study.h"

namespace slicewise {

namespace {

// `callerErrno`: errno right after the failing call. SQLite does not always keep the system
// error of a failed WAL write (sqlite3_system_errno() is 0 after a failed COMMIT), so a full
// disk would read as a bare "disk I/O error".
std::string describeFailure(sqlite3* db, int rc, int callerErrno = 0) {
  const int primary = rc & 0xff;
  int sysErr = db ? sqlite3_system_errno(db) : 0;
  if (sysErr == 0 && primary == SQLITE_IOERR) sysErr = callerErrno;
  if (primary == SQLITE_FULL || sysErr == ENOSPC || sysErr == EFBIG || sysErr == EDQUOT)
    return "the disk is full (or the file size limit was reached)";
  if (primary == SQLITE_READONLY || sysErr == EROFS || sysErr == EACCES || sysErr == EPERM)
    return "the study folder is read-only";
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    return "the database is busy in another process";
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return "the database is damaged";
  std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (sysErr != 0) msg += std::string(" (") + std::strerror(sysErr) + ")";
  return msg;
}

}  // namespace

StudyDatabase::StudyDatabase(const std::string& path, bool readOnly, bool create) : path_(path) {
  int flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (create) flags |= SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_NOMUTEX;  // one thread at a time; Autosaver serialises its writes
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  context_ = "cannot open study database " + path;
  if (rc != SQLITE_OK) {
    const std::string why = describeFailure(db_, rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw StudyError(context_ + ": " + why);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 5000);
}

std::unique_ptr<StudyDatabase> StudyDatabase::inMemoryCopy(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string pattern = (fs::temp_directory_path(ec) / "slicewise-study-XXXXXX").string();
  if (!mkdtemp(pattern.data()))
    throw StudyError("cannot read study database " + path + ": no temporary folder (" +
                     std::strerror(errno) + ")");
  const fs::path temp(pattern);
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(dir, e);
    }
  } cleanup{temp};
  // SQLite recovers a WAL where it may write: the copy's folder.
  const fs::path copy = temp / "study.sqlite";
  fs::copy_file(path, copy, ec);
  if (ec) throw StudyError("cannot read study database " + path + ": " + ec.message());
  if (fs::exists(path + "-wal", ec)) fs::copy_file(path + "-wal", copy.string() + "-wal", ec);
  StudyDatabase source(copy.string(), false, false);
  std::unique_ptr<StudyDatabase> memory(new StudyDatabase);
  memory->path_ = path;
  memory->context_ = "cannot read study database " + path;
  int rc = sqlite3_open_v2(":memory:", &memory->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) memory->fail(rc, {});
  sqlite3_extended_result_codes(memory->db_, 1);
  sqlite3_backup* backup = sqlite3_backup_init(memory->db_, "main", source.db_, "main");
  if (!backup) memory->fail(sqlite3_errcode(memory->db_), {});
  sqlite3_backup_step(backup, -1);
  rc = sqlite3_backup_finish(backup);
  if (rc != SQLITE_OK) memory->fail(rc, {});
  return memory;
}

bool StudyDatabase::readable() {
  return sqlite3_exec(db_, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) == SQLITE_OK;
}

StudyDatabase::~StudyDatabase() {
  if (db_) sqlite3_close_v2(db_);
}

void StudyDatabase::fail(int rc, std::string_view what, int callerErrno) const {
  std::string msg = context_;
  if (!what.empty()) msg += std::string(" (") + std::string(what) + ")";
  throw StudyError(msg + ": " + describeFailure(db_, rc, callerErrno));
}

void StudyDatabase::exec(std::string_view sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
  const int callerErrno = errno;
  sqlite3_free(err);
  if (rc != SQLITE_OK) fail(rc, {}, callerErrno);
}

int64_t StudyDatabase::queryInt(std::string_view sql) {
  Statement s(*this, sql);
  return s.step() ? s.integer(0) : 0;
}

std::string StudyDatabase::queryText(std::string_view sql) {
  Statement s(*this, sql);
  return s.step() ? s.text(0) : std::string();
}

int64_t StudyDatabase::lastInsertId() const { return sqlite3_last_insert_rowid(db_); }

void StudyDatabase::begin() { exec("BEGIN IMMEDIATE"); }
void StudyDatabase::commit() { exec("COMMIT"); }
void StudyDatabase::rollback() {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

StudyDatabase::Statement::Statement(StudyDatabase& db, std::string_view sql) : db_(db) {
  const int rc = sqlite3_prepare_v2(db.db_, sql.data(), int(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) db_.fail(rc, {});
}

StudyDatabase::Statement::~Statement() { sqlite3_finalize(stmt_); }

StudyDatabase::Statement& StudyDatabase::Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
StudyDatabase::Statement& StudyDatabase::Statement::bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
StudyDatabase::Statement& StudyDatabase::Statement::bind(int index, const std::string& value) {
  sqlite3_bind_text(stmt_, index, value.data(), int(value.size()), SQLITE_TRANSIENT);
  return *this;
}
StudyDatabase::Statement& StudyDatabase::Statement::bindBlob(int index,
                                                             const std::vector<uint8_t>& value) {
  // SQLITE_STATIC: the caller keeps the buffer alive until the statement has run.
  if (value.empty())
    sqlite3_bind_zeroblob(stmt_, index, 0);
  else
    sqlite3_bind_blob64(stmt_, index, value.data(), value.size(), SQLITE_STATIC);
  return *this;
}
StudyDatabase::Statement& StudyDatabase::Statement::bindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool StudyDatabase::Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const int callerErrno = errno;
  const int code = sqlite3_errcode(db_.db_);
  sqlite3_reset(stmt_);
  db_.fail(code ? code : rc, {}, callerErrno);
}

void StudyDatabase::Statement::run() {
  while (step()) {
  }
  reset();
}

void StudyDatabase::Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t StudyDatabase::Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
double StudyDatabase::Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
std::string StudyDatabase::Statement::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, size_t(sqlite3_column_bytes(stmt_, column))) : std::string();
}
std::vector<uint8_t> StudyDatabase::Statement::blob(int column) const {
  const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, column));
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::vector<uint8_t>(p, p + n) : std::vector<uint8_t>();
}
bool StudyDatabase::Statement::isNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

}  // namespace slicewise
