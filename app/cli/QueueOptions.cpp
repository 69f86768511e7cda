#include "QueueOptions.h"

#include <CLI/CLI.hpp>
#include <filesystem>

#include "CommandRegistry.h"
#include "queue/QueueDatabase.h"

namespace slicewise::cli {

void addQueueOption(CLI::App& cmd, std::string& path) {
  cmd.add_option("--queue", path,
                 "Queue database (default $XDG_DATA_HOME/slicewise/queue/queue.sqlite; a local disk, not a network file system)");
}

std::string queuePathOrDefault(const std::string& given) {
  if (!given.empty()) return given;
  try {
    return QueueDatabase::defaultPath().string();
  } catch (const QueueError& e) {
    throw CliFailure(e.what());
  }
}

std::unique_ptr<QueueDatabase> openQueue(const std::string& given) {
  const std::string path = queuePathOrDefault(given);
  try {
    return std::make_unique<QueueDatabase>(path);
  } catch (const QueueError& e) {
    throw CliFailure(e.what());
  }
}

std::unique_ptr<QueueDatabase> openExistingQueue(const std::string& given) {
  const std::string path = queuePathOrDefault(given);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return nullptr;
  return openQueue(path);
}

}  // namespace slicewise::cli
