#pragma once

namespace slicewise {

// While alive, the process's stderr (file descriptor 2) goes to /dev/null. ITK's NIfTI and
// MetaImage code prints its own errors there ("** ERROR: NWAD: wrote only 0 of N bytes") next
// to the one line the caller reports, so reads and writes through ITK run inside one.
class StderrSilencer {
 public:
  StderrSilencer();
  ~StderrSilencer();
  StderrSilencer(const StderrSilencer&) = delete;
  StderrSilencer& operator=(const StderrSilencer&) = delete;

 private:
  int saved_ = -1;
};

}  // namespace slicewise
