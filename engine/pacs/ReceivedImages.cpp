#include "pacs/ReceivedImages.h"

#include <sys/stat.h>

#include <filesystem>

namespace slicewise {

ReceivedImages::ReceivedImages(std::string folder, PacsProgressCallback progress, const std::atomic<bool>* cancel)
    : folder_(std::move(folder)), progress_(std::move(progress)), cancel_(cancel) {}

std::string ReceivedImages::fileFor(const std::string& uid) {
  const bool safe = !uid.empty() && uid.size() <= 64 && uid.find_first_not_of("0123456789.") == std::string::npos &&
                    uid.front() != '.';
  std::lock_guard lock(mutex_);
  const std::string name = safe ? uid + ".dcm" : "image-" + std::to_string(++unnamed_) + ".dcm";
  return (std::filesystem::path(folder_) / name).string();
}

void ReceivedImages::stored(const std::string& file, const std::string& uid) {
  ::chmod(file.c_str(), S_IRUSR | S_IWUSR);
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(file, ec);
  PacsProgress p;
  {
    std::lock_guard lock(mutex_);
    if (uids_.insert(uid.empty() ? file : uid).second) bytes_ += ec ? 0 : size;
    p.done = int(uids_.size());
    p.total = expected_;
    p.bytes = bytes_;
  }
  if (progress_) progress_(p);
}

void ReceivedImages::setExpected(int total) {
  std::lock_guard lock(mutex_);
  expected_ = total;
}

int ReceivedImages::count() const {
  std::lock_guard lock(mutex_);
  return int(uids_.size());
}

uint64_t ReceivedImages::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

int ReceivedImages::expected() const {
  std::lock_guard lock(mutex_);
  return expected_;
}

}  // namespace slicewise
