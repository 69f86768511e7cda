#pragma once

#include <memory>
#include <mutex>

#include "select/SliceSelector.h"

namespace slicewise::cli {

// Any selector, plus one warning on stderr the first time a command selects on an image with
// NaN or infinite voxels (model/NonFiniteVoxels.h says how selectors treat them), so that
// `select` and `evaluate` say so once however many selections they run.
class NonFiniteWarningSelector : public SliceSelector {
 public:
  explicit NonFiniteWarningSelector(std::unique_ptr<SliceSelector> inner);
  std::string name() const override { return inner_->name(); }
  std::string caveat() const override { return inner_->caveat(); }
  std::vector<int64_t> select(const Volume& volume, const SelectionRequest& request) const override;

 private:
  std::unique_ptr<SliceSelector> inner_;
  mutable std::mutex mutex_;
  mutable const void* checked_ = nullptr;  // the voxels last checked, not to scan them again
};

}  // namespace slicewise::cli
