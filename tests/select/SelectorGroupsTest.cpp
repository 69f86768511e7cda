#include <QTest>
#include <set>

#include "SliceGroupVolume.h"
#include "select/SelectorFactory.h"

using namespace slicewise;

namespace {

std::set<int> groupsHit(const std::vector<int>& groups, const std::vector<int64_t>& picked) {
  std::set<int> hit;
  for (int64_t s : picked) hit.insert(groups[size_t(s)]);
  return hit;
}

}  // namespace

// Selectors that compare slice content pick from every distinct group of slices.
class SelectorGroupsTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void contentSelectorsCoverEveryGroup_data() {
    QTest::addColumn<QString>("selector");
    for (const char* n : {"kmeans", "histogram", "ssim"}) QTest::newRow(n) << QString(n);
  }

  // Four groups of 10 interleaved in runs of 2, budget 8, every axis.
  void contentSelectorsCoverEveryGroup() {
    QFETCH(QString, selector);
    std::vector<int> groups;
    for (int s = 0; s < 40; ++s) groups.push_back((s / 2) % 4);
    for (SliceAxis axis : kAllAxes) {
      const Volume v = test::sliceGroupVolume(axis, groups);
      for (uint64_t seed = 0; seed < 4; ++seed) {
        SelectionRequest r;
        r.axis = axis;
        r.count = 8;
        r.seed = seed;
        QCOMPARE(groupsHit(groups, makeCoreSelector(selector.toStdString())->select(v, r)).size(), size_t(4));
      }
    }
  }

  void smallGroupsAmongManySimilarSlices_data() { contentSelectorsCoverEveryGroup_data(); }

  // 80 similar slices with two groups of only 5 (slices 20-24 and 61-65), budget 6.
  void smallGroupsAmongManySimilarSlices() {
    QFETCH(QString, selector);
    std::vector<int> groups(90, 0);
    for (int s = 20; s < 25; ++s) groups[size_t(s)] = 1;
    for (int s = 61; s < 66; ++s) groups[size_t(s)] = 2;
    for (SliceAxis axis : kAllAxes) {
      const Volume v = test::sliceGroupVolume(axis, groups);
      for (uint64_t seed = 0; seed < 5; ++seed) {
        SelectionRequest r;
        r.axis = axis;
        r.count = 6;
        r.seed = seed;
        QCOMPARE(groupsHit(groups, makeCoreSelector(selector.toStdString())->select(v, r)), (std::set<int>{0, 1, 2}));
      }
    }
  }

  // The reason content selectors exist: a uniform sample of 6 of 90 usually misses a group of 5
  // (P(hit both) = 1 - 2 C(85,6)/C(90,6) + C(80,6)/C(90,6) = 0.078).
  void randomOftenMissesASmallGroup() {
    std::vector<int> groups(90, 0);
    for (int s = 20; s < 25; ++s) groups[size_t(s)] = 1;
    for (int s = 61; s < 66; ++s) groups[size_t(s)] = 2;
    const Volume v = test::sliceGroupVolume(SliceAxis::Axial, groups, 12, 12);
    int missed = 0;
    for (uint64_t seed = 0; seed < 50; ++seed) {
      SelectionRequest r;
      r.count = 6;
      r.seed = seed;
      missed += groupsHit(groups, makeCoreSelector("random")->select(v, r)).size() < 3;
    }
    QVERIFY2(missed > 35, qPrintable(QString::number(missed)));
  }
};

QTEST_GUILESS_MAIN(SelectorGroupsTest)
#include "SelectorGroupsTest.moc"
