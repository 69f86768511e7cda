#pragma once

#include <stdexcept>
#include <string>

#include "sqlite/SqliteConnection.h"

namespace slicewise {

// The queue database cannot be opened, read or written; one line naming the database and why.
class QueueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One SQLite connection to a queue database; every failure a QueueError.
class QueueConnection : public SqliteConnection {
 public:
  QueueConnection(const std::string& path, int busyTimeoutMs);
};

using QueueTransaction = SqliteTransaction;

}  // namespace slicewise
