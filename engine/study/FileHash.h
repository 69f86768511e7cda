#pragma once

#include <cstdint>
#include <string>

namespace slicewise {

struct FileFingerprint {
  uint64_t sizeBytes = 0;
  std::string sha256;  // lower-case hex
};

// Size and SHA-256 of a file's bytes. Throws StudyError when it cannot be read.
FileFingerprint fingerprintFile(const std::string& path);

}  // namespace slicewise
