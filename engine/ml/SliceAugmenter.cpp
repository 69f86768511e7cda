#include "ml/SliceAugmenter.h"

#include <cmath>
#include <vector>

namespace slicewise {

namespace F = torch::nn::functional;

std::pair<torch::Tensor, torch::Tensor> SliceAugmenter::apply(const torch::Tensor& images,
                                                              const torch::Tensor& classes,
                                                              TrainingRandom& random) const {
  const int64_t b = images.size(0), h = images.size(2), w = images.size(3);
  // Half extents in mm: affine_grid works in [-1, 1] per axis, so a rotation in mm becomes
  // D^-1 R D in those coordinates (D = diag(half width, half height)).
  const double ex = 0.5 * double(w) * spacingU_, ey = 0.5 * double(h) * spacingV_;
  std::vector<float> theta(static_cast<size_t>(b) * 6), gain(static_cast<size_t>(b)), offset(static_cast<size_t>(b));
  constexpr double kPi = 3.14159265358979323846;
  for (int64_t i = 0; i < b; ++i) {
    const double angle = random.uniform(-10.0, 10.0) * kPi / 180.0;
    const double scale = std::exp(random.uniform(std::log(0.9), std::log(1.1)));
    const double tx = random.uniform(-0.1, 0.1), ty = random.uniform(-0.1, 0.1);  // 5 % of [-1, 1]
    const double c = std::cos(angle) / scale, s = std::sin(angle) / scale;
    float* t = &theta[size_t(i) * 6];
    t[0] = float(c);
    t[1] = float(-s * ey / ex);
    t[2] = float(tx);
    t[3] = float(s * ex / ey);
    t[4] = float(c);
    t[5] = float(ty);
    gain[size_t(i)] = float(random.uniform(0.9, 1.1));
    offset[size_t(i)] = float(random.uniform(-0.1, 0.1));
  }
  const auto on = torch::TensorOptions().dtype(torch::kFloat).device(images.device());
  const torch::Tensor affine = torch::from_blob(theta.data(), {b, 2, 3}).to(on);
  const torch::Tensor grid = F::affine_grid(affine, {b, 1, h, w}, /*align_corners=*/false);
  torch::Tensor movedImages =
      F::grid_sample(images, grid,
                     F::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kBorder).align_corners(false));
  const torch::Tensor movedClasses =
      F::grid_sample(classes.unsqueeze(1).to(torch::kFloat), grid,
                     F::GridSampleFuncOptions().mode(torch::kNearest).padding_mode(torch::kBorder).align_corners(false))
          .squeeze(1)
          .round()
          .to(torch::kLong);
  movedImages = movedImages * torch::from_blob(gain.data(), {b, 1, 1, 1}).to(on) +
                torch::from_blob(offset.data(), {b, 1, 1, 1}).to(on);
  return {movedImages, movedClasses};
}

}  // namespace slicewise
