#pragma once

#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace slicewise {
class QueueDatabase;
}

namespace slicewise::cli {

// --queue PATH, shared by `queue ...` and `worker`: the queue database (default in the user's
// data folder, $XDG_DATA_HOME/slicewise/queue/queue.sqlite).
void addQueueOption(CLI::App& cmd, std::string& path);
std::string queuePathOrDefault(const std::string& given);
// Opens (creating) the queue; a QueueError becomes a CliFailure.
std::unique_ptr<QueueDatabase> openQueue(const std::string& given);
// Opens an existing queue; nullptr when there is none at that path yet.
std::unique_ptr<QueueDatabase> openExistingQueue(const std::string& given);

}  // namespace slicewise::cli
