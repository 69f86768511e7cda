#pragma once

#include <Eigen/Core>
#include <array>

#include "select/SliceStack.h"

namespace slicewise {

// Mean SSIM between every pair of slices of one axis, as Wang et al. (2004) define it: an 11x11
// Gaussian window (sigma 1.5, normalised), K1 = 0.01, K2 = 0.03, L = the volume's data range,
// sigma^2 = E[x^2] - E[x]^2 under the window, averaged over the positions where the window fits
// inside the slice (their reference code's 'valid' filtering).
//
// Each slice's windowed mean and variance are computed once; per pair only the windowed product
// is filtered (separable, one row ring buffer that stays in L1), pairs run in parallel.
class SsimMatrix {
 public:
  static constexpr int kWindow = 11;
  static constexpr double kSigma = 1.5, kK1 = 0.01, kK2 = 0.03;

  // n x n, symmetric, 1 on the diagonal. Throws std::invalid_argument for slices under 11x11.
  static Eigen::MatrixXf compute(const Volume& volume, SliceAxis axis);
  // Stack values already divided by the data range (so L = 1).
  static Eigen::MatrixXf compute(const SliceStack& scaledStack);

  static std::array<float, kWindow> window();
};

}  // namespace slicewise
