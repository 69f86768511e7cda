#include "io/StderrSilencer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace slicewise {

StderrSilencer::StderrSilencer() {
  std::cerr.flush();
  std::fflush(stderr);
  saved_ = ::dup(2);
  const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (saved_ < 0 || null < 0) {
    if (null >= 0) ::close(null);
    return;
  }
  ::dup2(null, 2);
  ::close(null);
}

StderrSilencer::~StderrSilencer() {
  if (saved_ < 0) return;
  std::cerr.flush();
  std::fflush(stderr);
  ::dup2(saved_, 2);
  ::close(saved_);
}

}  // namespace slicewise
