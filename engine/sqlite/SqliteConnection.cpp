#include "sqlite/SqliteConnection.h"

#include <sqlite3.h>

namespace slicewise {

SqliteConnection::SqliteConnection(const std::string& path, int busyTimeoutMs, std::string kind, Raise raise)
    : path_(path), kind_(std::move(kind)), raise_(raise) {
  const int rc = sqlite3_open_v2(path.c_str(), &db_,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    this->raise("cannot open the " + kind_ + " database " + path + ": " + why);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, busyTimeoutMs);
}

SqliteConnection::~SqliteConnection() { sqlite3_close(db_); }

void SqliteConnection::raise(const std::string& message) const {
  raise_(message);
  throw std::runtime_error(message);  // a Raise that returned breaks its contract
}

void SqliteConnection::fail(int rc, std::string_view what) const {
  std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  const int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) why = "the database stayed busy in another process";
  if (primary == SQLITE_FULL) why = "the disk is full";
  if (primary == SQLITE_READONLY) why = "the database is read-only";
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) why = "the database is damaged";
  raise(kind_ + " " + path_ + ": " + std::string(what) + ": " + why);
}

void SqliteConnection::exec(std::string_view sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) fail(rc, "cannot run " + std::string(sql.substr(0, 40)));
}

int64_t SqliteConnection::queryInt(std::string_view sql) {
  Statement s(*this, sql);
  return s.step() ? s.integer(0) : 0;
}

int64_t SqliteConnection::lastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int SqliteConnection::changes() const { return sqlite3_changes(db_); }

SqliteConnection::Statement::Statement(SqliteConnection& db, std::string_view sql) : db_(db) {
  const int rc = sqlite3_prepare_v2(db.db_, sql.data(), int(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, "cannot prepare a query");
}

SqliteConnection::Statement::~Statement() { sqlite3_finalize(stmt_); }

SqliteConnection::Statement& SqliteConnection::Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
SqliteConnection::Statement& SqliteConnection::Statement::bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}
SqliteConnection::Statement& SqliteConnection::Statement::bind(int index, const std::string& value) {
  sqlite3_bind_text(stmt_, index, value.data(), int(value.size()), SQLITE_TRANSIENT);
  return *this;
}
SqliteConnection::Statement& SqliteConnection::Statement::bindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool SqliteConnection::Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail(rc, "cannot read or write it");
}

void SqliteConnection::Statement::run() {
  while (step()) {
  }
  sqlite3_reset(stmt_);
}

int64_t SqliteConnection::Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
double SqliteConnection::Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
bool SqliteConnection::Statement::isNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
std::string SqliteConnection::Statement::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, size_t(sqlite3_column_bytes(stmt_, column))) : std::string();
}

SqliteTransaction::~SqliteTransaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (const std::exception&) {
      // The transaction is gone already (SQLite rolls back on some errors by itself).
    }
  }
}

}  // namespace slicewise
