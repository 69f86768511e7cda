#include <QTest>
#include <algorithm>

#include "SliceGroupVolume.h"
#include "select/KeepNSelector.h"

using namespace slicewise;

namespace {

std::vector<int64_t> sorted(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

class KeepNSelectorTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // ((2i + 1) * n) div (2k), worked by hand.
  void formulaByHand() {
    // n = 10, k = 4: 10/8, 30/8, 50/8, 70/8 -> 1, 3, 6, 8
    QCOMPARE(KeepNSelector::evenlySpaced(10, 4), (std::vector<int64_t>{1, 3, 6, 8}));
    // n = 7, k = 3: 7/6, 21/6, 35/6 -> 1, 3, 5
    QCOMPARE(KeepNSelector::evenlySpaced(7, 3), (std::vector<int64_t>{1, 3, 5}));
    // n = 5, k = 5: (2i + 1) / 2 -> every slice
    QCOMPARE(KeepNSelector::evenlySpaced(5, 5), (std::vector<int64_t>{0, 1, 2, 3, 4}));
    // n = 155, k = 31 (20 %): 155/62 = 2, 465/62 = 7, 775/62 = 12, ..., 9455/62 = 152
    const auto brats = KeepNSelector::evenlySpaced(155, 31);
    QCOMPARE(brats.size(), size_t(31));
    QCOMPARE(brats[0], int64_t(2));
    QCOMPARE(brats[1], int64_t(7));
    QCOMPARE(brats[2], int64_t(12));
    QCOMPARE(brats[30], int64_t(152));
  }

  // The selector returns exactly the formula's slices on every axis, in worklist order.
  void selectorReturnsTheFormulaOnEveryAxis() {
    for (SliceAxis axis : kAllAxes) {
      const Volume v = test::sliceGroupVolume(axis, std::vector<int>(10, 0), 12, 11);
      SelectionRequest r;
      r.axis = axis;
      r.count = 4;
      const auto order = KeepNSelector().select(v, r);
      QCOMPARE(order, (std::vector<int64_t>{3, 6, 1, 8}));
      QCOMPARE(sorted(order), KeepNSelector::evenlySpaced(10, 4));
    }
  }
};

QTEST_GUILESS_MAIN(KeepNSelectorTest)
#include "KeepNSelectorTest.moc"
