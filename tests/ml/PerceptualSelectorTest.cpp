#include <torch/script.h>

#include <QDir>
#include <QTest>
#include <set>

#include "SliceGroupVolume.h"
#include "TestData.h"
#include "ml/PerceptualSelector.h"

using namespace slicewise;

namespace {

std::vector<int> mixedGroups(int64_t n) {
  std::vector<int> g(static_cast<size_t>(n));
  for (int64_t s = 0; s < n; ++s) g[size_t(s)] = int((s * 7 + s / 5) % 4);
  return g;
}

// 16 x 12 x 3: slice 0 all 100, slice 1 left half 0 and right half 100, slice 2 all 0. The
// network sees 2 (v - 0) / 100 - 1: +1 or -1 everywhere.
Volume signVolume() {
  ImageGeometry g;
  g.size = {16, 12, 3};
  std::vector<uint8_t> v(g.voxelCount());
  for (int64_t j = 0; j < 12; ++j)
    for (int64_t i = 0; i < 16; ++i) {
      v[g.linearIndex(i, j, 0)] = 100;
      v[g.linearIndex(i, j, 1)] = i < 8 ? 0 : 100;
      v[g.linearIndex(i, j, 2)] = 0;
    }
  return Volume(g, std::move(v));
}

std::string writeNetwork(const std::string& name, const std::string& source) {
  torch::jit::Module m(name);
  m.define(source);
  const std::string path = QDir(test::scratchDir()).filePath(QString::fromStdString(name + ".pt")).toStdString();
  m.save(path);
  return path;
}

}  // namespace

class PerceptualSelectorTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void builtInNetworkIsUncalibrated() {
    const PerceptualSelector s;
    QCOMPARE(s.name(), std::string("perceptual"));
    QVERIFY(!s.calibrated());
    QVERIFY(s.networkFile().empty());
    QCOMPARE(PerceptualSelector("/some/net.pt").networkFile(), std::string("/some/net.pt"));
    QVERIFY(PerceptualSelector("/some/net.pt").calibrated());
  }

  void exactDistinctInRangeAndSeeded() {
    const PerceptualSelector s;
    for (SliceAxis axis : kAllAxes) {
      const int64_t n = axis == SliceAxis::Axial ? 30 : axis == SliceAxis::Coronal ? 23 : 17;
      const Volume v = test::sliceGroupVolume(axis, mixedGroups(n), 24, 19);
      for (int64_t count : {int64_t(1), int64_t(2), int64_t(5), n}) {
        SelectionRequest r;
        r.axis = axis;
        r.count = count;
        r.seed = uint64_t(count);
        const auto picked = s.select(v, r);
        QCOMPARE(int64_t(picked.size()), count);
        const std::set<int64_t> distinct(picked.begin(), picked.end());
        QCOMPARE(int64_t(distinct.size()), count);
        QVERIFY(*distinct.begin() >= 0 && *distinct.rbegin() < n);
        QCOMPARE(s.select(v, r), picked);
      }
      SelectionRequest tooMany;
      tooMany.axis = axis;
      tooMany.count = n + 1;
      QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s.select(v, tooMany));
    }
  }

  void distancesAreSymmetricWithZeroDiagonal() {
    const Volume v = test::sliceGroupVolume(SliceAxis::Axial, {0, 1, 2, 3, 0, 1}, 40, 36);
    const Eigen::MatrixXf d = PerceptualSelector().distanceMatrix(v, SliceAxis::Axial);
    QCOMPARE(d.rows(), Eigen::Index(6));
    for (int i = 0; i < 6; ++i) {
      QCOMPARE(d(i, i), 0.0f);
      for (int j = 0; j < 6; ++j) QCOMPARE(d(i, j), d(j, i));
    }
    // Same group (differing only by the ripple) is nearer than any other group.
    QVERIFY(d(0, 4) < d(0, 1) && d(0, 4) < d(0, 2) && d(0, 4) < d(0, 3));
    QVERIFY(d(1, 5) < d(1, 2));
  }

  // 80 similar slices with two groups of only 5 (slices 20-24 and 61-65), budget 6, every axis.
  void smallGroupsAmongManySimilarSlices() {
    std::vector<int> groups(90, 0);
    for (int s = 20; s < 25; ++s) groups[size_t(s)] = 1;
    for (int s = 61; s < 66; ++s) groups[size_t(s)] = 2;
    const PerceptualSelector selector;
    for (SliceAxis axis : kAllAxes) {
      const Volume v = test::sliceGroupVolume(axis, groups);
      for (uint64_t seed = 0; seed < 3; ++seed) {
        SelectionRequest r;
        r.axis = axis;
        r.count = 6;
        r.seed = seed;
        std::set<int> hit;
        for (int64_t s : selector.select(v, r)) hit.insert(groups[size_t(s)]);
        QCOMPARE(hit, (std::set<int>{0, 1, 2}));
      }
    }
  }

  // A network file returning the input twice (two "layers"). The three channels are equal, so
  // each position's unit vector is +-(1,1,1)/sqrt(3); two of them differ by 4 in squared length
  // when the signs differ, else 0. Per layer: 4 x the fraction of pixels of opposite sign.
  // Slices 0/1 differ on half the pixels: 2 + 2 = 4; slices 0/2 everywhere: 8; 1/2 on half: 4.
  void networkFileDistancesByHand() {
    const std::string path = writeNetwork("TwoTaps", "def forward(self, x):\n    return (x, x)\n");
    const PerceptualSelector s(path);
    QVERIFY(s.calibrated());
    const Eigen::MatrixXf d = s.distanceMatrix(signVolume(), SliceAxis::Axial);
    const float expected[3][3] = {{0, 4, 8}, {4, 0, 4}, {8, 4, 0}};
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        QVERIFY2(std::abs(d(i, j) - expected[i][j]) < 1e-4f, qPrintable(QString("d(%1,%2) = %3").arg(i).arg(j).arg(d(i, j))));
  }

  void unusableNetworkFilesFailClearly() {
    const Volume v = signVolume();
    QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                             PerceptualSelector("/nonexistent/net.pt").distanceMatrix(v, SliceAxis::Axial));
    const std::string scalar = writeNetwork("Scalar", "def forward(self, x):\n    return x.sum()\n");
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, PerceptualSelector(scalar).distanceMatrix(v, SliceAxis::Axial));
  }
};

QTEST_GUILESS_MAIN(PerceptualSelectorTest)
#include "PerceptualSelectorTest.moc"
