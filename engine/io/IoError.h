#pragma once

#include <stdexcept>

namespace slicewise {

// A file could not be read or written. The message is one line a person can act on; it names
// the file but never patient data.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace slicewise
