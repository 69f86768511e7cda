#include "ml/DeepLabV3Plus2d.h"

namespace slicewise {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

namespace {

constexpr double kSlope = 0.01;  // leaky ReLU, as in the U-Net

nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1, int64_t dilation = 1) {
  // "Same" padding; no bias before a normalisation that removes the mean anyway.
  return nn::Conv2d(nn::Conv2dOptions(in, out, kernel)
                        .stride(stride)
                        .padding(dilation * (kernel / 2))
                        .dilation(dilation)
                        .bias(false));
}

nn::InstanceNorm2d norm(int64_t channels) {
  return nn::InstanceNorm2d(nn::InstanceNorm2dOptions(channels).affine(true));
}

nn::Sequential convNormAct(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1) {
  return nn::Sequential(conv(in, out, kernel, stride), norm(out),
                        nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(kSlope)));
}

torch::Tensor resized(const torch::Tensor& x, int64_t height, int64_t width) {
  if (x.size(2) == height && x.size(3) == width) return x;
  return F::interpolate(x, F::InterpolateFuncOptions()
                               .size(std::vector<int64_t>{height, width})
                               .mode(torch::kBilinear)
                               .align_corners(false));
}

}  // namespace

ResidualBlockImpl::ResidualBlockImpl(int64_t in, int64_t out, int64_t stride, int64_t dilation) {
  conv1_ = register_module("conv1", conv(in, out, 3, stride, stride == 1 ? dilation : 1));
  norm1_ = register_module("norm1", norm(out));
  conv2_ = register_module("conv2", conv(out, out, 3, 1, dilation));
  norm2_ = register_module("norm2", norm(out));
  if (stride != 1 || in != out) {
    shortcut_ = register_module("shortcut", conv(in, out, 1, stride));
    shortcutNorm_ = register_module("shortcut_norm", norm(out));
  }
}

torch::Tensor ResidualBlockImpl::forward(torch::Tensor x) {
  const torch::Tensor identity = shortcut_.is_empty() ? x : shortcutNorm_(shortcut_(x));
  torch::Tensor y = torch::leaky_relu(norm1_(conv1_(x)), kSlope);
  y = norm2_(conv2_(y));
  return torch::leaky_relu(y + identity, kSlope);
}

AtrousPyramidImpl::AtrousPyramidImpl(int64_t in, int64_t out, const std::array<int, 3>& rates) {
  branches_ = register_module("branches", nn::ModuleList());
  norms_ = register_module("norms", nn::ModuleList());
  branches_->push_back(conv(in, out, 1));
  norms_->push_back(norm(out));
  for (int rate : rates) {
    branches_->push_back(conv(in, out, 3, 1, rate));
    norms_->push_back(norm(out));
  }
  // The image-level branch is one value per channel: instance normalisation would zero it.
  imageConv_ = register_module("image", nn::Conv2d(nn::Conv2dOptions(in, out, 1)));
  project_ = register_module("project", conv(out * int64_t(rates.size() + 2), out, 1));
  projectNorm_ = register_module("project_norm", norm(out));
}

torch::Tensor AtrousPyramidImpl::forward(torch::Tensor x) {
  std::vector<torch::Tensor> parts;
  for (size_t i = 0; i < branches_->size(); ++i) {
    const torch::Tensor y = branches_[i]->as<nn::Conv2d>()->forward(x);
    parts.push_back(torch::leaky_relu(norms_[i]->as<nn::InstanceNorm2d>()->forward(y), kSlope));
  }
  const torch::Tensor pooled = torch::leaky_relu(imageConv_(x.mean({2, 3}, true)), kSlope);
  parts.push_back(pooled.expand({-1, -1, x.size(2), x.size(3)}));
  return torch::leaky_relu(projectNorm_(project_(torch::cat(parts, 1))), kSlope);
}

DeepLabV3Plus2dImpl::DeepLabV3Plus2dImpl(int64_t inChannels, int64_t classes, int width, int outputStride,
                                         const std::array<int, 3>& rates)
    : outputStride_(outputStride) {
  const int64_t w = width;
  const bool stride16 = outputStride == 16;
  auto encoder = register_module("encoder", std::make_shared<nn::Module>());
  stem_ = encoder->register_module("stem", convNormAct(inChannels, w, 3, 2));               // 1/2
  stage1_ = encoder->register_module("stage1", ResidualBlock(w, w, 2, 1));                 // 1/4
  stage2_ = encoder->register_module("stage2", ResidualBlock(w, 2 * w, 2, 1));             // 1/8
  stage3_ = encoder->register_module("stage3", ResidualBlock(2 * w, 4 * w, stride16 ? 2 : 1, stride16 ? 1 : 2));
  stage4_ = encoder->register_module("stage4", ResidualBlock(4 * w, 4 * w, 1, stride16 ? 2 : 4));
  pyramid_ = register_module("pyramid", AtrousPyramid(4 * w, 4 * w, rates));
  lowLevel_ = register_module("low_level", convNormAct(w, w, 1));
  const auto act = [] { return nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(kSlope)); };
  decoder_ = register_module("decoder", nn::Sequential(conv(5 * w, 2 * w, 3), norm(2 * w), act(),
                                                       conv(2 * w, 2 * w, 3), norm(2 * w), act()));
  head_ = register_module("head", nn::Conv2d(nn::Conv2dOptions(2 * w, classes, 1)));
}

torch::Tensor DeepLabV3Plus2dImpl::forward(torch::Tensor x) {
  const int64_t height = x.size(2), width = x.size(3);
  const torch::Tensor low = stage1_(stem_->forward(x));
  torch::Tensor y = pyramid_(stage4_(stage3_(stage2_(low))));
  y = resized(y, low.size(2), low.size(3));
  y = decoder_->forward(torch::cat({y, lowLevel_->forward(low)}, 1));
  return resized(head_(y), height, width);
}

}  // namespace slicewise
