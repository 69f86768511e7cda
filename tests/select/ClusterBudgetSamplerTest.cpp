#include <QTest>
#include <map>
#include <set>

#include "select/ClusterBudgetSampler.h"
#include "select/KMeans.h"

using namespace slicewise;

namespace {

std::map<int, int> perCluster(const std::vector<int>& labels, const std::vector<int64_t>& picked) {
  std::map<int, int> n;
  for (int64_t s : picked) ++n[labels[size_t(s)]];
  return n;
}

}  // namespace

class ClusterBudgetSamplerTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // Clusters of 1, 5 and 5 slices, budget 6: 2 each, but cluster 0 has only one slice; its
  // missing one comes from cluster 2, the more similar to it -> 1, 2, 3.
  void smallClusterIsToppedUpFromTheMostSimilar() {
    const std::vector<int> labels{1, 1, 2, 0, 2, 1, 2, 1, 2, 1, 2};
    Eigen::MatrixXd d(3, 3);
    d << 0, 5, 1,  //
        5, 0, 4,   //
        1, 4, 0;
    for (uint64_t seed = 0; seed < 10; ++seed) {
      const auto picked = ClusterBudgetSampler::sample(labels, d, 6, seed);
      QCOMPARE(picked.size(), size_t(6));
      QCOMPARE(std::set<int64_t>(picked.begin(), picked.end()).size(), size_t(6));
      QCOMPARE(perCluster(labels, picked), (std::map<int, int>{{0, 1}, {1, 2}, {2, 3}}));
      QCOMPARE(ClusterBudgetSampler::sample(labels, d, 6, seed), picked);
    }
  }

  // Budget 7 over 3 clusters of 4: 2 each and one extra to a cluster drawn at random.
  void remainderGoesToRandomClusters() {
    const std::vector<int> labels{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
    const Eigen::MatrixXd d = Eigen::MatrixXd::Ones(3, 3);
    std::set<int> extraWentTo;
    for (uint64_t seed = 0; seed < 30; ++seed) {
      const auto n = perCluster(labels, ClusterBudgetSampler::sample(labels, d, 7, seed));
      int extra = -1;
      for (auto [c, count] : n) {
        QVERIFY(count == 2 || count == 3);
        if (count == 3) extra = c;
      }
      extraWentTo.insert(extra);
    }
    QCOMPARE(extraWentTo, (std::set<int>{0, 1, 2}));
  }

  void emptyClustersAndTheWholeVolume() {
    const std::vector<int> labels{0, 0, 0, 2, 2};  // cluster 1 is empty
    Eigen::MatrixXd d(3, 3);
    d << 0, 1, 2, 1, 0, 1, 2, 1, 0;
    QCOMPARE(ClusterBudgetSampler::sample(labels, d, 5, 3), (std::vector<int64_t>{0, 1, 2, 3, 4}));
    QCOMPARE(ClusterBudgetSampler::sample(labels, d, 3, 3).size(), size_t(3));
  }

  void clusterCountFollowsThePaper() {
    SelectionRequest r;
    r.count = 31;
    QCOMPARE(ClusterBudgetSampler::clusterCount(r, 155), 15);
    r.count = 6;
    QCOMPARE(ClusterBudgetSampler::clusterCount(r, 155), 6);
    r.clusters = 10;
    QCOMPARE(ClusterBudgetSampler::clusterCount(r, 155), 10);
    QCOMPARE(ClusterBudgetSampler::clusterCount(r, 4), 4);
  }

  // Three well separated blobs are found whatever the seed.
  void kMeansFindsSeparatedBlobs() {
    Eigen::MatrixXd x(9, 2);
    x << 0, 0, 0.1, 0, 0, 0.1, 10, 10, 10.1, 10, 10, 10.1, -10, 5, -10.1, 5, -10, 5.1;
    for (uint64_t seed = 0; seed < 5; ++seed) {
      const KMeansResult r = KMeans::run(x, 3, seed);
      for (int b = 0; b < 3; ++b) {
        QCOMPARE(r.labels[size_t(3 * b)], r.labels[size_t(3 * b + 1)]);
        QCOMPARE(r.labels[size_t(3 * b)], r.labels[size_t(3 * b + 2)]);
      }
      QVERIFY(r.labels[0] != r.labels[3] && r.labels[3] != r.labels[6] && r.labels[0] != r.labels[6]);
      // Each blob of three points 0.1 apart adds 0.1^2 * 2/3: 0.02 in all.
      QVERIFY(r.inertia < 0.05);
    }
  }

  // Coordinates from the Gram matrix keep every pairwise distance of the original rows.
  void embeddingKeepsDistances() {
    const int64_t n = 7, d = 1000;
    std::vector<float> rows(size_t(n * d));
    for (size_t i = 0; i < rows.size(); ++i) rows[i] = float(std::sin(0.37 * double(i)) + double(i % 13) * 0.05);
    const Eigen::MatrixXd y = distancePreservingEmbedding(rows.data(), n, d);
    QVERIFY(y.cols() <= n);
    for (int64_t a = 0; a < n; ++a)
      for (int64_t b = 0; b < n; ++b) {
        double direct = 0;
        for (int64_t k = 0; k < d; ++k) {
          const double diff = double(rows[size_t(a * d + k)]) - double(rows[size_t(b * d + k)]);
          direct += diff * diff;
        }
        QVERIFY(std::abs(std::sqrt(direct) - (y.row(a) - y.row(b)).norm()) < 1e-3 * std::max(1.0, std::sqrt(direct)));
      }
  }
};

QTEST_GUILESS_MAIN(ClusterBudgetSamplerTest)
#include "ClusterBudgetSamplerTest.moc"
