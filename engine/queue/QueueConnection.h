#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace slicewise {

// The queue database cannot be opened, read or written; one line naming the database and why.
class QueueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One SQLite connection to a queue database: WAL, a busy timeout long enough for several
// workers and the app to take turns, every failure a QueueError.
class QueueConnection {
 public:
  class Statement {
   public:
    Statement(QueueConnection& db, std::string_view sql);
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
    QueueConnection& db_;
    sqlite3_stmt* stmt_ = nullptr;
  };

  QueueConnection(const std::string& path, int busyTimeoutMs);
  ~QueueConnection();
  QueueConnection(const QueueConnection&) = delete;
  QueueConnection& operator=(const QueueConnection&) = delete;

  void exec(std::string_view sql);
  int64_t queryInt(std::string_view sql);
  int64_t lastInsertId() const;
  int changes() const;  // rows the last statement changed
  [[noreturn]] void fail(int rc, std::string_view what) const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

// BEGIN IMMEDIATE (the write lock at once, so that two workers never both read a job as free);
// rolled back when the scope is left without commit().
class QueueTransaction {
 public:
  explicit QueueTransaction(QueueConnection& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  ~QueueTransaction();
  void commit() {
    db_.exec("COMMIT");
    done_ = true;
  }

 private:
  QueueConnection& db_;
  bool done_ = false;
};

}  // namespace slicewise
