#include "queue/QueueConnection.h"

namespace slicewise {

namespace {
void raiseQueueError(const std::string& message) { throw QueueError(message); }
}  // namespace

QueueConnection::QueueConnection(const std::string& path, int busyTimeoutMs)
    : SqliteConnection(path, busyTimeoutMs, "queue", raiseQueueError) {}

}  // namespace slicewise
