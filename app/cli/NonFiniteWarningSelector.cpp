#include "NonFiniteWarningSelector.h"

#include <atomic>

#include "CliSupport.h"
#include "model/NonFiniteVoxels.h"

namespace slicewise::cli {

namespace {
std::atomic<bool> warned{false};  // once per process, whichever selector met the voxels first
}  // namespace

NonFiniteWarningSelector::NonFiniteWarningSelector(std::unique_ptr<SliceSelector> inner) : inner_(std::move(inner)) {}

std::vector<int64_t> NonFiniteWarningSelector::select(const Volume& volume, const SelectionRequest& request) const {
  if (!warned.load()) {
    const void* voxels = volume.visit([](const auto& v) -> const void* { return v.data(); });
    std::lock_guard<std::mutex> lock(mutex_);
    if (voxels != checked_) {
      checked_ = voxels;
      const std::string note = nonFiniteNote(finiteSummary(volume));
      if (!note.empty() && !warned.exchange(true)) warn(note);
    }
  }
  return inner_->select(volume, request);
}

}  // namespace slicewise::cli
