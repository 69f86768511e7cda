#pragma once

#include <stdexcept>

namespace slicewise {

// A file could not be written, or is not one that may be opened. The message is one line that
// names the file and the reason.
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace slicewise
