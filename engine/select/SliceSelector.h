#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/SliceAxis.h"
#include "model/Volume.h"

namespace slicewise {

struct SelectionRequest {
  SliceAxis axis = SliceAxis::Axial;
  int64_t count = 2;   // exact number of slices to return
  uint64_t seed = 0;
  int clusters = 0;    // 0: min(15, count), as the paper's best setting
};

// Chooses the slices a person annotates. Returns exactly `count` distinct slice indices in the
// order they should be annotated (every prefix well spread), deterministic for a seed.
class SliceSelector {
 public:
  virtual ~SliceSelector() = default;
  virtual std::string name() const = 0;
  virtual std::vector<int64_t> select(const Volume& volume, const SelectionRequest& request) const = 0;
  // What a person must know about the result, e.g. "uncalibrated network"; empty when nothing.
  virtual std::string caveat() const { return {}; }
};

}  // namespace slicewise
