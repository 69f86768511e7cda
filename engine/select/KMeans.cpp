#include "select/KMeans.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <limits>
#include <random>
#include <stdexcept>
#include <tbb/parallel_for.h>

namespace slicewise {

Eigen::MatrixXd KMeansResult::centroidDistances() const {
  const Eigen::Index k = centroids.rows();
  Eigen::MatrixXd d(k, k);
  for (Eigen::Index a = 0; a < k; ++a)
    for (Eigen::Index b = 0; b < k; ++b) d(a, b) = (centroids.row(a) - centroids.row(b)).norm();
  return d;
}

namespace {

// Points are columns here (d x n): each point and each centroid is one contiguous vector.
Eigen::MatrixXd plusPlusSeeds(const Eigen::MatrixXd& x, int k, std::mt19937_64& rng) {
  const Eigen::Index n = x.cols();
  Eigen::MatrixXd c(x.rows(), k);
  c.col(0) = x.col(std::uniform_int_distribution<Eigen::Index>(0, n - 1)(rng));
  Eigen::VectorXd nearest = (x.colwise() - c.col(0)).colwise().squaredNorm().transpose();
  for (int j = 1; j < k; ++j) {
    const double total = nearest.sum();
    Eigen::Index pick = 0;
    if (total > 0) {
      double r = std::uniform_real_distribution<double>(0.0, total)(rng);
      for (pick = 0; pick < n - 1; ++pick) {
        r -= nearest[pick];
        if (r < 0) break;
      }
    } else {
      pick = std::uniform_int_distribution<Eigen::Index>(0, n - 1)(rng);
    }
    c.col(j) = x.col(pick);
    nearest = nearest.cwiseMin((x.colwise() - c.col(j)).colwise().squaredNorm().transpose());
  }
  return c;
}

struct Lloyd {
  std::vector<int> labels;
  Eigen::MatrixXd centroids;  // d x k
  double inertia = 0;
};

// Stops when no label changes or, as scikit-learn does, when the centroids moved (sum of squared
// shifts) less than `tolerance`.
Lloyd lloyd(const Eigen::MatrixXd& x, const Eigen::RowVectorXd& xNorm, Eigen::MatrixXd c,
            int maxIterations, double tolerance) {
  const Eigen::Index n = x.cols(), k = c.cols();
  Lloyd r;
  r.labels.assign(size_t(n), -1);
  Eigen::VectorXd best(n);
  Eigen::MatrixXd d(k, n), sum(x.rows(), k);
  Eigen::VectorXi size(k);
  auto assign = [&] {
    // |x|^2 + |c|^2 - 2 c.x for all pairs in one product.
    d.noalias() = -2.0 * c.transpose() * x;
    d.colwise() += c.colwise().squaredNorm().transpose();
    d.rowwise() += xNorm;
    bool changed = false;
    for (Eigen::Index i = 0; i < n; ++i) {
      Eigen::Index j;
      best[i] = std::max(0.0, d.col(i).minCoeff(&j));
      if (r.labels[size_t(i)] != int(j)) r.labels[size_t(i)] = int(j), changed = true;
    }
    return changed;
  };
  for (int it = 0; it < maxIterations; ++it) {
    if (!assign() && it > 0) break;
    sum.setZero();
    size.setZero();
    for (Eigen::Index i = 0; i < n; ++i) {
      sum.col(r.labels[size_t(i)]) += x.col(i);
      ++size[r.labels[size_t(i)]];
    }
    const Eigen::MatrixXd previous = c;
    for (Eigen::Index j = 0; j < k; ++j) {
      if (size[j] > 0) {
        c.col(j) = sum.col(j) / double(size[j]);
        continue;
      }
      // An empty cluster restarts at the point farthest from its centroid, as scikit-learn does.
      Eigen::Index far;
      if (best.maxCoeff(&far) <= 0) continue;
      c.col(j) = x.col(far);
      best[far] = 0;
    }
    if ((c - previous).squaredNorm() <= tolerance) break;
  }
  assign();
  r.inertia = best.sum();
  r.centroids = std::move(c);
  return r;
}

}  // namespace

KMeansResult KMeans::run(const Eigen::MatrixXd& points, int k, uint64_t seed, int restarts,
                         int maxIterations) {
  const Eigen::Index n = points.rows();
  if (n == 0 || k < 1) throw std::invalid_argument("k-means needs points and k >= 1");
  k = int(std::min<Eigen::Index>(k, n));
  std::mt19937_64 rng(seed);
  const Eigen::MatrixXd x = points.transpose();
  const Eigen::RowVectorXd xNorm = x.colwise().squaredNorm();
  // scikit-learn's tolerance: 1e-4 times the mean variance of the features.
  const Eigen::VectorXd mean = x.rowwise().mean();
  const double tolerance = 1e-4 * (x.colwise() - mean).rowwise().squaredNorm().mean() / double(n);
  Lloyd best;
  best.inertia = std::numeric_limits<double>::infinity();
  for (int r = 0; r < std::max(1, restarts); ++r) {
    Lloyd candidate = lloyd(x, xNorm, plusPlusSeeds(x, k, rng), maxIterations, tolerance);
    if (candidate.inertia < best.inertia) best = std::move(candidate);
  }
  KMeansResult result;
  result.labels = std::move(best.labels);
  result.centroids = best.centroids.transpose();
  result.inertia = best.inertia;
  return result;
}

Eigen::MatrixXd distancePreservingEmbedding(const float* rows, int64_t n, int64_t d) {
  using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const RowMatrixF> x(rows, n, d);
  // Rows minus their mean first: distances stay, and float sums stay small next to them.
  const Eigen::RowVectorXf meanRow = x.colwise().mean();
  // Gram matrix from fixed column chunks, summed in a fixed order: parallel yet deterministic.
  constexpr int64_t kChunks = 8;
  const int64_t chunk = (d + kChunks - 1) / kChunks;
  std::vector<Eigen::MatrixXf> partial(kChunks, Eigen::MatrixXf::Zero(n, n));
  tbb::parallel_for(int64_t(0), kChunks, [&](int64_t c) {
    const int64_t begin = c * chunk, width = std::min(d, begin + chunk) - begin;
    if (width <= 0) return;
    const RowMatrixF block =
        x.middleCols(begin, width).rowwise() - meanRow.segment(begin, width);
    partial[size_t(c)].selfadjointView<Eigen::Lower>().rankUpdate(block);
  });
  Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(n, n);
  for (const auto& p : partial) gram += p.cast<double>();
  gram = gram.selfadjointView<Eigen::Lower>();

  // Double centring turns the Gram matrix into that of the mean-free rows; its eigenvectors
  // scaled by sqrt(eigenvalue) are coordinates with the same pairwise distances.
  const Eigen::VectorXd rowMean = gram.rowwise().mean();
  const double mean = rowMean.mean();
  Eigen::MatrixXd centred = gram;
  centred.colwise() -= rowMean;
  centred.rowwise() -= rowMean.transpose();
  centred.array() += mean;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(centred);
  const Eigen::VectorXd lambda = eig.eigenvalues().cwiseMax(0.0);
  const double floor = 1e-12 * std::max(lambda.maxCoeff(), 1e-300);
  std::vector<Eigen::Index> kept;
  for (Eigen::Index i = n - 1; i >= 0; --i)
    if (lambda[i] > floor) kept.push_back(i);
  Eigen::MatrixXd y(n, std::max<Eigen::Index>(1, Eigen::Index(kept.size())));
  y.setZero();
  for (size_t j = 0; j < kept.size(); ++j)
    y.col(Eigen::Index(j)) = eig.eigenvectors().col(kept[j]) * std::sqrt(lambda[kept[j]]);
  return y;
}

}  // namespace slicewise
