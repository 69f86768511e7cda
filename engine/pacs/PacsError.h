#pragma once

#include <stdexcept>
#include <string>

namespace slicewise {

// A PACS operation failed. The message is one line a person can act on: it names the node
// (AE title, host, port) and what went wrong, never patient data.
class PacsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The caller asked to stop; whatever was received so far has been removed.
class PacsCancelled : public PacsError {
 public:
  PacsCancelled() : PacsError("cancelled") {}
};

}  // namespace slicewise
