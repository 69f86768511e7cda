#pragma once

#include <Eigen/Core>
#include <string>

#include "select/SliceSelector.h"

namespace slicewise {

// LPIPS-style selector: a deep-feature distance between all slice pairs (per layer, channel
// vectors normalised to unit length at each position, squared differences averaged over
// positions, summed over layers), each slice described by its row of distances, rows clustered
// by k-means, then the cluster budget draw.
//
// The distance of two slices is |F_i|^2 + |F_j|^2 - 2 F_i.F_j over their flattened normalised
// features, so all pairs come from one Gram matrix product per layer.
//
// Feature network: a TorchScript file (e.g. LPIPS's AlexNet trunk exported with torch.jit.trace)
// whose forward takes N x 3 x H x W floats in [-1, 1] (the grey slice on all three channels) and
// returns one tensor or a tuple/list of N x C x h x w tensors, one per layer. Without one, a
// built-in network of three convolutions (1->16 7x7 stride 4, 16->32 5x5 stride 2, 32->64 3x3
// stride 2, each followed by ReLU, taps after each ReLU) with He-normal weights drawn from
// std::mt19937_64 seeded 20231007: it ranks slices by texture and structure but its distances
// are uncalibrated (not LPIPS's learnt ones).
class PerceptualSelector final : public SliceSelector {
 public:
  // An empty file name selects the built-in network.
  explicit PerceptualSelector(std::string networkFile = {});

  std::string name() const override { return "perceptual"; }
  std::vector<int64_t> select(const Volume& volume, const SelectionRequest& request) const override;

  // The network file in use, "" for the built-in network.
  const std::string& networkFile() const { return networkFile_; }
  bool calibrated() const { return !networkFile_.empty(); }
  std::string caveat() const override {
    return calibrated() ? std::string()
                        : "distances come from the built-in fixed-seed network: "
                          "uncalibrated (give a TorchScript LPIPS feature network)";
  }

  // n x n distances between the slices of one axis (symmetric, 0 on the diagonal). Throws
  // std::runtime_error when the network file cannot be loaded or run.
  Eigen::MatrixXf distanceMatrix(const Volume& volume, SliceAxis axis) const;

 private:
  std::string networkFile_;
};

}  // namespace slicewise
