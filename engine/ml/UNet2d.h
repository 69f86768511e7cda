#pragma once

// Private to the ml library: includes LibTorch, so only ml's .cpp files include it.
#include <torch/torch.h>

#include "ml/SegmentationNetwork.h"

namespace slicewise {

// Two 3x3 convolutions, each followed by instance normalisation and a leaky ReLU.
class ConvBlockImpl : public torch::nn::Module {
 public:
  ConvBlockImpl(int64_t in, int64_t out);
  torch::Tensor forward(torch::Tensor x);

 private:
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
  torch::nn::InstanceNorm2d norm1_{nullptr}, norm2_{nullptr};
};
TORCH_MODULE(ConvBlock);

// A 2D U-Net: `levels` resolution levels with `width` channels at the first and twice as many at
// each level below (max pooling down, transposed convolution up, skip connections by
// concatenation), a 1x1 convolution to `classes` logits. Input height and width must be
// multiples of 2^(levels - 1).
//
// Parameter names (for warm starts from a TorchScript file): encoder.<level>.conv1.weight,
// encoder.<level>.norm1.weight, ... for the contracting path including the bottom level,
// up.<i>, decoder.<i>, head for the expanding path.
class UNet2dImpl : public SegmentationNetworkImpl {
 public:
  UNet2dImpl(int64_t inChannels, int64_t classes, int levels, int width);
  torch::Tensor forward(torch::Tensor x) override;
  int64_t sizeMultiple() const override { return int64_t(1) << (levels_ - 1); }
  int levels() const { return levels_; }

 private:
  int levels_;
  torch::nn::ModuleList encoder_{nullptr}, up_{nullptr}, decoder_{nullptr};
  torch::nn::Conv2d head_{nullptr};
};
TORCH_MODULE(UNet2d);

}  // namespace slicewise
