#pragma once

#include <filesystem>
#include <ios>
#include <string>

namespace slicewise {

// The last `maxBytes` of `file` after byte `start` (where one attempt's output begins), from the
// start of a line when cut; "" when the file is missing or holds nothing after `start`. What a
// runner shows of a trainer's output in the job's log.
std::string trainerLogTail(const std::filesystem::path& file, std::streamoff start, size_t maxBytes);

}  // namespace slicewise
