#include "select/HistogramSelector.h"

#include <algorithm>
#include <array>
#include <tbb/parallel_for.h>

#include "model/NonFiniteVoxels.h"
#include "select/ClusterBudgetSampler.h"
#include "select/SliceStack.h"

namespace slicewise {

namespace {

constexpr int kBins = 255;

// Counts per (slice, bin), straight from the voxel buffer in memory order: each z plane is
// binned by one task into its own rows (axial-like axes) or its own table (the other axes).
template <class T>
Eigen::MatrixXd sliceHistograms(const std::vector<T>& voxels, const ImageGeometry& g,
                                const SlicePlane& plane, double lo, double hi) {
  const int64_t nx = g.size[0], ny = g.size[1], nz = g.size[2];
  const float scale = float(kBins / (hi > lo ? hi - lo : 1.0)), offset = float(lo);
  // Compared as floats before any conversion: NaN (and -inf) fall into bin 0, +inf into the last
  // bin; int() of a NaN or an infinity is undefined and gave a negative bin.
  auto bin = [&](T v) {
    const float x = (float(v) - offset) * scale;
    return x >= 0.0f ? (x < float(kBins - 1) ? int(x) : kBins - 1) : 0;
  };
  // Bins are computed a block at a time (a loop that vectorises), then counted into four
  // interleaved tables: runs of one value (the background) would otherwise make every increment
  // wait for the previous one to the same counter.
  auto countRun = [&](const T* p, size_t n, int32_t* out) {
    std::array<std::array<int32_t, kBins>, 4> sub{};
    constexpr size_t kBlock = 1024;
    uint8_t bins[kBlock];
    for (size_t start = 0; start < n; start += kBlock) {
      const size_t m = std::min(kBlock, n - start);
      const T* q = p + start;
      for (size_t i = 0; i < m; ++i) bins[i] = uint8_t(bin(q[i]));
      size_t i = 0;
      for (; i + 4 <= m; i += 4) {
        ++sub[0][bins[i]];
        ++sub[1][bins[i + 1]];
        ++sub[2][bins[i + 2]];
        ++sub[3][bins[i + 3]];
      }
      for (; i < m; ++i) ++sub[0][bins[i]];
    }
    for (size_t b = 0; b < kBins; ++b) out[b] += sub[0][b] + sub[1][b] + sub[2][b] + sub[3][b];
  };
  std::vector<std::vector<int32_t>> perPlane{size_t(nz)};
  tbb::parallel_for(int64_t(0), nz, [&](int64_t z) {
    std::vector<int32_t>& counts = perPlane[size_t(z)];
    const T* base = voxels.data() + size_t(z) * size_t(nx) * size_t(ny);
    if (plane.normalDim == 2) {
      counts.assign(kBins, 0);
      countRun(base, size_t(nx) * size_t(ny), counts.data());
      return;
    }
    counts.assign(size_t(plane.count) * kBins, 0);
    for (int64_t y = 0; y < ny; ++y) {
      const T* row = base + size_t(y) * size_t(nx);
      if (plane.normalDim == 1) {  // the whole row belongs to slice y
        countRun(row, size_t(nx), counts.data() + size_t(y) * kBins);
        continue;
      }
      for (int64_t x = 0; x < nx; ++x) ++counts[size_t(x) * kBins + size_t(bin(row[x]))];
    }
  });
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(plane.count, kBins);
  for (int64_t z = 0; z < nz; ++z) {
    const auto& counts = perPlane[size_t(z)];
    if (plane.normalDim == 2) {
      for (int b = 0; b < kBins; ++b) h(z, b) = counts[size_t(b)];
      continue;
    }
    for (int64_t s = 0; s < plane.count; ++s)
      for (int b = 0; b < kBins; ++b) h(s, b) += counts[size_t(s) * kBins + size_t(b)];
  }
  return h / double(plane.pixelCount());
}

}  // namespace

std::vector<int64_t> HistogramSelector::select(const Volume& volume, const SelectionRequest& request) const {
  const SlicePlane plane = slicePlane(volume.geometry(), request.axis);
  requireSelectableCount(request, plane.count);
  // Bins span the finite voxels; NaN and -inf count in the lowest bin, +inf in the highest
  // (model/NonFiniteVoxels.h), so one infinite voxel cannot squeeze every other into one bin.
  const FiniteSummary finite = finiteSummary(volume);
  const double lo = finite.lo, hi = finite.hi;
  const Eigen::MatrixXd histograms = volume.visit(
      [&](const auto& voxels) { return sliceHistograms(voxels, volume.geometry(), plane, lo, hi); });
  return ClusterBudgetSampler::selectByFeatures(histograms, request);
}

}  // namespace slicewise
