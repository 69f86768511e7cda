#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace slicewise {

// One SQLite connection: WAL where the file allows it, a busy timeout long enough for several
// processes to take turns, and every failure one line naming the database and the reason. Each
// database raises its own error type (QueueError, CohortError), so callers catch what they know.
class SqliteConnection {
 public:
  // Must throw; called with the whole message ("queue /q/queue.sqlite: cannot ...: the disk is full").
  using Raise = void (*)(const std::string& message);

  class Statement {
   public:
    Statement(SqliteConnection& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::string& value);
    Statement& bindNull(int index);
    bool step();  // true while a row is available
    void run();   // steps to completion
    int64_t integer(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    bool isNull(int column) const;

   private:
    SqliteConnection& db_;
    sqlite3_stmt* stmt_ = nullptr;
  };

  // `kind` names the database in messages ("queue", "cohort index").
  SqliteConnection(const std::string& path, int busyTimeoutMs, std::string kind, Raise raise);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  void exec(std::string_view sql);
  int64_t queryInt(std::string_view sql);
  int64_t lastInsertId() const;
  int changes() const;  // rows the last statement changed
  [[noreturn]] void fail(int rc, std::string_view what) const;
  const std::string& path() const { return path_; }

 private:
  [[noreturn]] void raise(const std::string& message) const;

  sqlite3* db_ = nullptr;
  std::string path_, kind_;
  Raise raise_;
};

// BEGIN IMMEDIATE (the write lock at once, so that two writers never both read a row as free);
// rolled back when the scope is left without commit().
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteConnection& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit() {
    db_.exec("COMMIT");
    done_ = true;
  }

 private:
  SqliteConnection& db_;
  bool done_ = false;
};

}  // namespace slicewise
