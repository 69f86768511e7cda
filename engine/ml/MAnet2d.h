#pragma once

// Private to the ml library: includes LibTorch, so only ml's .cpp files include it.
#include <torch/torch.h>

#include "ml/SegmentationNetwork.h"
#include "ml/UNet2d.h"

namespace slicewise {

// Position-wise attention (Fu et al. 2019, as MAnet uses it): every position of the feature map
// gathers the features of all positions, weighted by the softmax of query-key similarity, added
// to its own through a learnt gain that starts at 0 (so training starts from the plain
// convolutional network). Lets the bottleneck relate distant parts of the slice.
class PositionAttentionImpl : public torch::nn::Module {
 public:
  explicit PositionAttentionImpl(int64_t channels);
  torch::Tensor forward(torch::Tensor x);

 private:
  torch::nn::Conv2d query_{nullptr}, key_{nullptr}, value_{nullptr};
  torch::Tensor gain_;
};
TORCH_MODULE(PositionAttention);

// Multi-scale fusion attention (MAnet's decoder block): the coarser features are convolved,
// upsampled and reweighted per channel by the sum of two squeeze-excitation gates, one from them
// and one from the skip features, then joined with the skip features by a U-Net block.
class FusionAttentionImpl : public torch::nn::Module {
 public:
  FusionAttentionImpl(int64_t coarse, int64_t skip);
  torch::Tensor forward(torch::Tensor coarse, torch::Tensor skip);

 private:
  torch::nn::Sequential reduce_{nullptr}, gateCoarse_{nullptr}, gateSkip_{nullptr};
  ConvBlock fuse_{nullptr};
};
TORCH_MODULE(FusionAttention);

// MAnet (Fan et al. 2020) for one volume: the U-Net's encoder (`levels` levels, `width` channels
// doubling at each), a position-wise attention block on the deepest features and one fusion
// attention block per decoder level, a 1x1 convolution to `classes` logits. Input height and
// width must be multiples of 2^(levels - 1).
// Parameter names: encoder.<level>..., attention, decoder.<i>, head.
class MAnet2dImpl : public SegmentationNetworkImpl {
 public:
  MAnet2dImpl(int64_t inChannels, int64_t classes, int levels, int width);
  torch::Tensor forward(torch::Tensor x) override;
  int64_t sizeMultiple() const override { return int64_t(1) << (levels_ - 1); }

 private:
  int levels_;
  torch::nn::ModuleList encoder_{nullptr}, decoder_{nullptr};
  PositionAttention attention_{nullptr};
  torch::nn::Conv2d head_{nullptr};
};

}  // namespace slicewise
