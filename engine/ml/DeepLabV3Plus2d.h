#pragma once

// Private to the ml library: includes LibTorch, so only ml's .cpp files include it.
#include <torch/torch.h>

#include <array>

#include "ml/SegmentationNetwork.h"

namespace slicewise {

// Two 3x3 convolutions with instance normalisation and a residual connection (a 1x1 projection
// where the stride or the channel count changes); `dilation` widens the second convolution and,
// at stride 1, the first, so that the receptive field keeps growing without losing resolution.
class ResidualBlockImpl : public torch::nn::Module {
 public:
  ResidualBlockImpl(int64_t in, int64_t out, int64_t stride, int64_t dilation);
  torch::Tensor forward(torch::Tensor x);

 private:
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, shortcut_{nullptr};
  torch::nn::InstanceNorm2d norm1_{nullptr}, norm2_{nullptr}, shortcutNorm_{nullptr};
};
TORCH_MODULE(ResidualBlock);

// Atrous spatial pyramid pooling: a 1x1 convolution, three dilated 3x3 convolutions and the
// image-level mean, side by side, fused by a 1x1 convolution. It sees context at several scales
// at once without pooling the features away.
class AtrousPyramidImpl : public torch::nn::Module {
 public:
  AtrousPyramidImpl(int64_t in, int64_t out, const std::array<int, 3>& rates);
  torch::Tensor forward(torch::Tensor x);

 private:
  torch::nn::ModuleList branches_{nullptr}, norms_{nullptr};
  torch::nn::Conv2d imageConv_{nullptr}, project_{nullptr};
  torch::nn::InstanceNorm2d projectNorm_{nullptr};
};
TORCH_MODULE(AtrousPyramid);

// DeepLabV3+ (Chen et al. 2018) for one volume, small enough to train from scratch on a CPU: a
// residual encoder (a stride-2 stem of `width` channels, then stages of width, 2 width, 4 width
// and 4 width channels at 1/4, 1/8 and 1/outputStride of the input; dilated beyond the output
// stride), atrous spatial pyramid pooling at the given rates, and a decoder that joins the
// upsampled pyramid with the 1/4 resolution features of the first stage (the low-level skip)
// before upsampling the logits bilinearly to the input size.
// Parameter names: encoder.stem, encoder.stage1 .. encoder.stage4, pyramid, low_level,
// decoder, head.
class DeepLabV3Plus2dImpl : public SegmentationNetworkImpl {
 public:
  DeepLabV3Plus2dImpl(int64_t inChannels, int64_t classes, int width, int outputStride,
                      const std::array<int, 3>& rates);
  torch::Tensor forward(torch::Tensor x) override;
  int64_t sizeMultiple() const override { return outputStride_; }

 private:
  int64_t outputStride_;
  torch::nn::Sequential stem_{nullptr};
  ResidualBlock stage1_{nullptr}, stage2_{nullptr}, stage3_{nullptr}, stage4_{nullptr};
  AtrousPyramid pyramid_{nullptr};
  torch::nn::Sequential lowLevel_{nullptr}, decoder_{nullptr};
  torch::nn::Conv2d head_{nullptr};
};

}  // namespace slicewise
