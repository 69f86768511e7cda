#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace slicewise {

// A thin RAII layer over one SQLite connection of a study. Every failure becomes a StudyError
// whose message says what could not be done ("cannot save study X: the disk is full").
class StudyDatabase {
 public:
  class Statement {
   public:
    Statement(StudyDatabase& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::string& value);
    Statement& bindBlob(int index, const std::vector<uint8_t>& value);
    Statement& bindNull(int index);
    bool step();  // true while a row is available
    void run();   // steps to completion and resets, for INSERT/UPDATE/DELETE
    void reset();

    int64_t integer(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::vector<uint8_t> blob(int column) const;
    bool isNull(int column) const;

   private:
    StudyDatabase& db_;
    sqlite3_stmt* stmt_ = nullptr;
  };

  // readOnly: never writes (no WAL recovery writes either when the folder is read-only).
  StudyDatabase(const std::string& path, bool readOnly, bool create);
  // A private in-memory copy of the database at `path` (and its WAL), for reading a study that
  // cannot be read in place: on read-only media SQLite cannot make the WAL's shared-memory file,
  // and an older schema must be upgraded before it is read. The files are only read.
  static std::unique_ptr<StudyDatabase> inMemoryCopy(const std::string& path);
  // Whether the database can be read as it is (a first query succeeds).
  bool readable();
  ~StudyDatabase();
  StudyDatabase(const StudyDatabase&) = delete;
  StudyDatabase& operator=(const StudyDatabase&) = delete;

  void exec(std::string_view sql);
  int64_t queryInt(std::string_view sql);
  std::string queryText(std::string_view sql);
  int64_t lastInsertId() const;

  void begin();     // BEGIN IMMEDIATE
  void commit();
  void rollback();  // never throws

  // What the current operation is, for messages: "cannot save study /x: ...".
  void setContext(std::string context) { context_ = std::move(context); }
  // `callerErrno`: errno right after the failing SQLite call (see describeFailure).
  [[noreturn]] void fail(int rc, std::string_view what, int callerErrno = 0) const;

  sqlite3* handle() const { return db_; }

 private:
  StudyDatabase() = default;

  sqlite3* db_ = nullptr;
  std::string path_;
  std::string context_;
};

// Runs a write transaction; rolls back when the scope is left without commit().
class StudyTransaction {
 public:
  explicit StudyTransaction(StudyDatabase& db) : db_(db) { db_.begin(); }
  ~StudyTransaction() {
    if (!done_) db_.rollback();
  }
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  StudyDatabase& db_;
  bool done_ = false;
};

}  // namespace slicewise
