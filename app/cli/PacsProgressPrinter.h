#pragma once

#include <atomic>
#include <string>

#include "pacs/PacsClient.h"

namespace slicewise::cli {

// Progress of a transfer on stderr: one line rewritten in place on a terminal, otherwise a line
// at every tenth of the way (so logs stay short).
class PacsProgressPrinter {
 public:
  explicit PacsProgressPrinter(std::string verb);  // "received", "sent"
  ~PacsProgressPrinter();
  void operator()(const PacsProgress& p);
  PacsProgressCallback callback();

 private:
  std::string verb_;
  bool terminal_;
  int lastTenth_ = -1;
  bool drew_ = false;
};

}  // namespace slicewise::cli
