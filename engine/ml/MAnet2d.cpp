#include "ml/MAnet2d.h"

#include <algorithm>

namespace slicewise {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

namespace {

constexpr double kSlope = 0.01;  // leaky ReLU, as in the U-Net

// Squeeze-excitation gate: channel weights in (0, 1) from the channels' spatial means.
nn::Sequential channelGate(int64_t channels) {
  const int64_t hidden = std::max<int64_t>(4, channels / 4);
  return nn::Sequential(nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions(1)),
                        nn::Conv2d(nn::Conv2dOptions(channels, hidden, 1)), nn::ReLU(),
                        nn::Conv2d(nn::Conv2dOptions(hidden, channels, 1)), nn::Sigmoid());
}

}  // namespace

PositionAttentionImpl::PositionAttentionImpl(int64_t channels) {
  const int64_t inner = std::max<int64_t>(4, channels / 8);
  query_ = register_module("query", nn::Conv2d(nn::Conv2dOptions(channels, inner, 1)));
  key_ = register_module("key", nn::Conv2d(nn::Conv2dOptions(channels, inner, 1)));
  value_ = register_module("value", nn::Conv2d(nn::Conv2dOptions(channels, channels, 1)));
  gain_ = register_parameter("gain", torch::zeros({1}));
}

torch::Tensor PositionAttentionImpl::forward(torch::Tensor x) {
  const int64_t n = x.size(0), c = x.size(1), positions = x.size(2) * x.size(3);
  const torch::Tensor q = query_(x).reshape({n, -1, positions}).transpose(1, 2);  // n x P x c'
  const torch::Tensor k = key_(x).reshape({n, -1, positions});                    // n x c' x P
  const torch::Tensor v = value_(x).reshape({n, c, positions});                   // n x c x P
  const torch::Tensor weights = torch::softmax(torch::bmm(q, k), -1);              // n x P x P
  const torch::Tensor gathered = torch::bmm(v, weights.transpose(1, 2)).reshape(x.sizes());
  return x + gain_ * gathered;
}

FusionAttentionImpl::FusionAttentionImpl(int64_t coarse, int64_t skip) {
  reduce_ = register_module(
      "reduce",
      nn::Sequential(nn::Conv2d(nn::Conv2dOptions(coarse, coarse, 3).padding(1).bias(false)),
                     nn::InstanceNorm2d(nn::InstanceNorm2dOptions(coarse).affine(true)),
                     nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(kSlope)),
                     nn::Conv2d(nn::Conv2dOptions(coarse, skip, 1).bias(false)),
                     nn::InstanceNorm2d(nn::InstanceNorm2dOptions(skip).affine(true)),
                     nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(kSlope))));
  gateCoarse_ = register_module("gate_coarse", channelGate(skip));
  gateSkip_ = register_module("gate_skip", channelGate(skip));
  fuse_ = register_module("fuse", ConvBlock(2 * skip, skip));
}

torch::Tensor FusionAttentionImpl::forward(torch::Tensor coarse, torch::Tensor skip) {
  torch::Tensor x = reduce_->forward(coarse);
  x = F::interpolate(x, F::InterpolateFuncOptions()
                            .size(std::vector<int64_t>{skip.size(2), skip.size(3)})
                            .mode(torch::kBilinear)
                            .align_corners(false));
  x = x * (gateCoarse_->forward(x) + gateSkip_->forward(skip));
  return fuse_(torch::cat({x, skip}, 1));
}

MAnet2dImpl::MAnet2dImpl(int64_t inChannels, int64_t classes, int levels, int width) : levels_(levels) {
  encoder_ = register_module("encoder", nn::ModuleList());
  decoder_ = register_module("decoder", nn::ModuleList());
  int64_t in = inChannels;
  for (int l = 0; l < levels; ++l) {
    const int64_t out = int64_t(width) << l;
    encoder_->push_back(ConvBlock(in, out));
    in = out;
  }
  attention_ = register_module("attention", PositionAttention(in));
  for (int l = levels - 2; l >= 0; --l) {
    const int64_t out = int64_t(width) << l;
    decoder_->push_back(FusionAttention(in, out));
    in = out;
  }
  head_ = register_module("head", nn::Conv2d(nn::Conv2dOptions(in, classes, 1)));
}

torch::Tensor MAnet2dImpl::forward(torch::Tensor x) {
  std::vector<torch::Tensor> skips;
  for (int l = 0; l < levels_; ++l) {
    if (l > 0) x = torch::max_pool2d(x, 2);
    x = encoder_[size_t(l)]->as<ConvBlock>()->forward(x);
    skips.push_back(x);
  }
  x = attention_(x);
  for (int i = 0; i + 1 < levels_; ++i)
    x = decoder_[size_t(i)]->as<FusionAttention>()->forward(x, skips[size_t(levels_ - 2 - i)]);
  return head_(x);
}

}  // namespace slicewise
