#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace slicewise {

struct KMeansResult {
  std::vector<int> labels;   // cluster of each point, 0..k-1
  Eigen::MatrixXd centroids;  // k x dims
  double inertia = 0;        // sum of squared distances to the assigned centroid

  // Euclidean distances between centroids (k x k): how alike two clusters are.
  Eigen::MatrixXd centroidDistances() const;
};

// Lloyd's k-means with k-means++ seeding, the best of four restarts (k-means++ seeds rarely
// need more; scikit-learn now runs one), stopping as scikit-learn does (labels stable, or centroid shift under 1e-4 of the mean feature variance); deterministic
// for a seed. Points are rows.
class KMeans {
 public:
  static KMeansResult run(const Eigen::MatrixXd& points, int k, uint64_t seed, int restarts = 4,
                          int maxIterations = 300);
};

// Rows of `points` (n x d, d possibly huge, e.g. flattened slices) mapped to n x r coordinates
// (r <= n) with exactly the same pairwise Euclidean distances, through the eigenvectors of the
// centred Gram matrix. k-means on the result equals k-means on the original rows, at the cost
// of one n x n x d product instead of one n x k x d product per iteration and restart.
Eigen::MatrixXd distancePreservingEmbedding(const float* rows, int64_t n, int64_t d);

}  // namespace slicewise
