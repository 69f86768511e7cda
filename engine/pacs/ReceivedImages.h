#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>

#include "pacs/PacsClient.h"

namespace slicewise {

// The images of one retrieve as they arrive: names each file after its SOP Instance UID inside
// the (temporary) folder, counts distinct images and bytes, and reports progress. C-GET stores
// on the calling thread, C-MOVE on the receiver's; both may report at once.
class ReceivedImages {
 public:
  ReceivedImages(std::string folder, PacsProgressCallback progress, const std::atomic<bool>* cancel);

  // Where the image with this SOP Instance UID goes. UIDs are digits and dots; anything else
  // (never trusted as a path) gets a numbered name.
  std::string fileFor(const std::string& sopInstanceUid);
  // The file is complete on disk: made owner-only, counted, progress reported.
  void stored(const std::string& file, const std::string& sopInstanceUid);
  void setExpected(int total);

  bool cancelled() const { return cancel_ && cancel_->load(); }
  int count() const;
  uint64_t bytes() const;
  int expected() const;
  const std::string& folder() const { return folder_; }

 private:
  std::string folder_;
  PacsProgressCallback progress_;
  const std::atomic<bool>* cancel_;
  mutable std::mutex mutex_;
  std::set<std::string> uids_;
  int unnamed_ = 0;
  uint64_t bytes_ = 0;
  int expected_ = -1;
};

}  // namespace slicewise
