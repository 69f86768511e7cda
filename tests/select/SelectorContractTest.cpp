#include <QTest>
#include <limits>
#include <set>
#include <stdexcept>

#include "SliceGroupVolume.h"
#include "select/SelectorFactory.h"
#include "select/SliceStack.h"

using namespace slicewise;

namespace {

// Slices from all four groups in a scrambled order, so cluster selectors have real clusters.
std::vector<int> mixedGroups(int64_t n) {
  std::vector<int> g(static_cast<size_t>(n));
  for (int64_t s = 0; s < n; ++s) g[size_t(s)] = int((s * 7 + s / 5) % 4);
  return g;
}

}  // namespace

class SelectorContractTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void allCoreSelectorsAreNamed() {
    QCOMPARE(coreSelectorNames(), (std::vector<std::string>{"random", "keep_n", "kmeans", "histogram", "ssim"}));
    for (const auto& name : coreSelectorNames()) {
      const auto s = makeCoreSelector(name);
      QVERIFY(s);
      QCOMPARE(s->name(), name);
    }
    QVERIFY(!makeCoreSelector("perceptual"));  // made by the ml library
    QVERIFY(!makeCoreSelector("nonsense"));
  }

  // Exact budget, no duplicates, in range, same seed -> same list, on every axis.
  void exactDistinctInRangeAndSeeded_data() {
    QTest::addColumn<QString>("selector");
    for (const auto& name : coreSelectorNames()) QTest::newRow(name.c_str()) << QString::fromStdString(name);
  }
  void exactDistinctInRangeAndSeeded() {
    QFETCH(QString, selector);
    const auto s = makeCoreSelector(selector.toStdString());
    for (SliceAxis axis : kAllAxes) {
      const int64_t n = axis == SliceAxis::Axial ? 30 : axis == SliceAxis::Coronal ? 23 : 17;
      const Volume v = test::sliceGroupVolume(axis, mixedGroups(n), 24, 19);
      for (int64_t count : {int64_t(1), int64_t(2), int64_t(5), int64_t(16), n}) {
        for (uint64_t seed : {uint64_t(0), uint64_t(7)}) {
          SelectionRequest r;
          r.axis = axis;
          r.count = count;
          r.seed = seed;
          const auto picked = s->select(v, r);
          QCOMPARE(int64_t(picked.size()), count);
          const std::set<int64_t> distinct(picked.begin(), picked.end());
          QCOMPARE(int64_t(distinct.size()), count);
          QVERIFY(*distinct.begin() >= 0);
          QVERIFY(*distinct.rbegin() < n);
          QCOMPARE(s->select(v, r), picked);
        }
      }
      SelectionRequest tooMany;
      tooMany.axis = axis;
      tooMany.count = n + 1;
      QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s->select(v, tooMany));
      tooMany.count = 0;
      QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s->select(v, tooMany));
    }
  }

  // An explicit cluster count is honoured and still yields exactly the budget.
  void clusterCountOption() {
    const Volume v = test::sliceGroupVolume(SliceAxis::Axial, mixedGroups(30), 24, 19);
    for (const char* name : {"kmeans", "histogram", "ssim"}) {
      for (int clusters : {1, 3, 29}) {
        SelectionRequest r;
        r.count = 7;
        r.clusters = clusters;
        const auto picked = makeCoreSelector(name)->select(v, r);
        QCOMPARE(std::set<int64_t>(picked.begin(), picked.end()).size(), size_t(7));
      }
    }
  }

  // Float images may hold NaN (and infinite) voxels: the range ignores NaN, and every selector
  // still returns the exact budget on every axis (the histogram's bin of a NaN was negative).
  void nanVoxelsAreSurvived() {
    ImageGeometry g;
    g.size = {20, 21, 22};
    std::vector<float> voxels(g.voxelCount());
    for (int64_t k = 0; k < 22; ++k)
      for (int64_t j = 0; j < 21; ++j)
        for (int64_t i = 0; i < 20; ++i) voxels[g.linearIndex(i, j, k)] = float((i * j + k) % 17);
    voxels[g.linearIndex(5, 5, 5)] = std::numeric_limits<float>::quiet_NaN();
    voxels[g.linearIndex(0, 0, 0)] = std::numeric_limits<float>::quiet_NaN();  // first of its chunk
    const Volume v(g, voxels);
    QCOMPARE(valueRange(v), std::make_pair(0.0, 16.0));
    voxels[g.linearIndex(7, 3, 9)] = std::numeric_limits<float>::infinity();
    voxels[g.linearIndex(8, 3, 9)] = -std::numeric_limits<float>::infinity();
    const Volume withInf(g, voxels);
    for (const Volume* vol : std::initializer_list<const Volume*>{&v, &withInf})
      for (const auto& name : coreSelectorNames()) {
        for (SliceAxis axis : kAllAxes) {
          SelectionRequest r;
          r.axis = axis;
          r.count = 5;
          const auto picked = makeCoreSelector(name)->select(*vol, r);
          const std::set<int64_t> distinct(picked.begin(), picked.end());
          QCOMPARE(distinct.size(), size_t(5));
          QVERIFY(*distinct.begin() >= 0 && *distinct.rbegin() < slicePlane(g, axis).count);
        }
      }
  }

  // One NaN or infinite voxel used to make every k-means and SSIM distance NaN, and the
  // selection content-blind (4 picks from 2 of 4 groups). Such voxels now compare as the lowest
  // (NaN, -inf) or highest (+inf) finite value: 4 groups, 4 clusters, 4 picks, one per group.
  void nonFiniteVoxelsKeepSelectionContentAware_data() {
    QTest::addColumn<QString>("selector");
    QTest::addColumn<float>("value");
    for (const char* name : {"kmeans", "ssim", "histogram"}) {
      QTest::newRow((std::string(name) + " nan").c_str()) << QString(name) << std::numeric_limits<float>::quiet_NaN();
      QTest::newRow((std::string(name) + " +inf").c_str()) << QString(name) << std::numeric_limits<float>::infinity();
      QTest::newRow((std::string(name) + " -inf").c_str()) << QString(name) << -std::numeric_limits<float>::infinity();
    }
  }
  void nonFiniteVoxelsKeepSelectionContentAware() {
    QFETCH(QString, selector);
    QFETCH(float, value);
    for (SliceAxis axis : kAllAxes) {
      const std::vector<int> groups = mixedGroups(24);
      const Volume ints = test::sliceGroupVolume(axis, groups, 24, 19);
      const auto& raw = std::get<std::vector<int16_t>>(ints.storage());
      std::vector<float> voxels(raw.begin(), raw.end());
      voxels[0] = value;                   // first voxel of the first chunk
      voxels[voxels.size() / 2 + 7] = value;  // one inside the volume
      const Volume v(ints.geometry(), voxels);
      SelectionRequest r;
      r.axis = axis;
      r.count = 4;
      r.clusters = 4;
      std::set<int> picked;
      for (int64_t s : makeCoreSelector(selector.toStdString())->select(v, r)) picked.insert(groups[size_t(s)]);
      QCOMPARE(picked, (std::set<int>{0, 1, 2, 3}));
    }
  }

  void randomDependsOnTheSeed() {
    const Volume v = test::sliceGroupVolume(SliceAxis::Axial, mixedGroups(60), 12, 12);
    SelectionRequest a, b;
    a.count = b.count = 10;
    b.seed = 1;
    const auto s = makeCoreSelector("random");
    QVERIFY(s->select(v, a) != s->select(v, b));
  }
};

QTEST_GUILESS_MAIN(SelectorContractTest)
#include "SelectorContractTest.moc"
