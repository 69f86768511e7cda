#include "ml/UNet2d.h"

namespace slicewise {

namespace nn = torch::nn;

ConvBlockImpl::ConvBlockImpl(int64_t in, int64_t out) {
  // No bias before a normalisation that removes the mean anyway.
  conv1_ = register_module("conv1", nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1).bias(false)));
  norm1_ = register_module("norm1", nn::InstanceNorm2d(nn::InstanceNorm2dOptions(out).affine(true)));
  conv2_ = register_module("conv2", nn::Conv2d(nn::Conv2dOptions(out, out, 3).padding(1).bias(false)));
  norm2_ = register_module("norm2", nn::InstanceNorm2d(nn::InstanceNorm2dOptions(out).affine(true)));
}

torch::Tensor ConvBlockImpl::forward(torch::Tensor x) {
  x = torch::leaky_relu(norm1_(conv1_(x)), 0.01);
  return torch::leaky_relu(norm2_(conv2_(x)), 0.01);
}

UNet2dImpl::UNet2dImpl(int64_t inChannels, int64_t classes, int levels, int width) : levels_(levels) {
  encoder_ = register_module("encoder", nn::ModuleList());
  up_ = register_module("up", nn::ModuleList());
  decoder_ = register_module("decoder", nn::ModuleList());
  int64_t in = inChannels;
  for (int l = 0; l < levels; ++l) {
    const int64_t out = int64_t(width) << l;
    encoder_->push_back(ConvBlock(in, out));
    in = out;
  }
  for (int l = levels - 2; l >= 0; --l) {
    const int64_t out = int64_t(width) << l;
    up_->push_back(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(in, out, 2).stride(2)));
    decoder_->push_back(ConvBlock(2 * out, out));
    in = out;
  }
  head_ = register_module("head", nn::Conv2d(nn::Conv2dOptions(in, classes, 1)));
}

torch::Tensor UNet2dImpl::forward(torch::Tensor x) {
  std::vector<torch::Tensor> skips;
  for (int l = 0; l < levels_; ++l) {
    if (l > 0) x = torch::max_pool2d(x, 2);
    x = encoder_[size_t(l)]->as<ConvBlock>()->forward(x);
    skips.push_back(x);
  }
  for (int i = 0; i + 1 < levels_; ++i) {
    x = up_[size_t(i)]->as<nn::ConvTranspose2d>()->forward(x);
    x = torch::cat({x, skips[size_t(levels_ - 2 - i)]}, 1);
    x = decoder_[size_t(i)]->as<ConvBlock>()->forward(x);
  }
  return head_(x);
}

}  // namespace slicewise
