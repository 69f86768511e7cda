#pragma once

#include <filesystem>

namespace slicewise {

// Copies a job folder under `root` (a cluster's shared storage) whole or not at all: into a
// hidden staging folder beside the target, then renamed. Owner-only permissions travel with it.
// Returns the new folder; the original is left for the caller to remove once the queue points
// at the copy. Throws std::runtime_error naming the folder and the reason.
std::filesystem::path moveJobFolder(const std::filesystem::path& from, const std::filesystem::path& root);

}  // namespace slicewise
