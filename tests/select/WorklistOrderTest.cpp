#include <QTest>
#include <algorithm>
#include <set>

#include "select/KeepNSelector.h"
#include "select/WorklistOrder.h"

using namespace slicewise;

namespace {

// The widest gap left by `chosen` in [0, n-1], counting slice 0 to the first and the last to n-1.
int64_t widestGap(const std::set<int64_t>& chosen, int64_t n) {
  int64_t gap = *chosen.begin(), previous = *chosen.begin();
  for (int64_t s : chosen) gap = std::max(gap, s - previous), previous = s;
  return std::max(gap, n - 1 - previous);
}

}  // namespace

class WorklistOrderTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // n = 10, k = 4: Keep_n gives 1, 3, 6, 8. By hand: splitting the largest gap picks 3 (the
  // middle 4.5 is tied between 3 and 6, the lower wins), then 6, then 1 and 8. Built backwards,
  // removing 1 or 8 opens a gap of 3, removing 3 or 6 one of 5: 8 goes last (later plain rank),
  // then 1; of 3 and 6 (both now open 6) 6 goes, leaving 3 first: 3, 6, 1, 8.
  void handComputedOrder() {
    QCOMPARE(largestGapOrder({1, 3, 6, 8}, 10), (std::vector<int64_t>{3, 6, 1, 8}));
    QCOMPARE(spreadOrder({8, 6, 3, 1}, 10), (std::vector<int64_t>{3, 6, 1, 8}));
    QCOMPARE(spreadOrder({4}, 10), (std::vector<int64_t>{4}));
    QCOMPARE(spreadOrder({5, 5, 2}, 10).size(), size_t(2));  // duplicates collapse
  }

  // Splitting the largest gap alone breaks the bound here (n = 64, k = 48: a prefix of 43
  // slices leaves a gap of 3 > 2 * 64 / 43); the worklist order must not.
  void plainSplittingMissesTheBound() {
    const auto slices = KeepNSelector::evenlySpaced(64, 48);
    const auto plain = largestGapOrder(slices, 64);
    std::set<int64_t> prefix(plain.begin(), plain.begin() + 43);
    QCOMPARE(widestGap(prefix, 64), int64_t(3));
  }

  // Every prefix of m >= 2 Keep_n worklist slices leaves no gap wider than 2n/m.
  void everyPrefixOfKeepNIsSpread() {
    int64_t checked = 0;
    for (int64_t n = 2; n <= 260; ++n) {
      for (int64_t k = 2; k <= n; k += (n > 120 ? 3 : 1)) {
        const auto order = spreadOrder(KeepNSelector::evenlySpaced(n, k), n);
        QCOMPARE(int64_t(order.size()), k);
        std::set<int64_t> prefix{order[0]};
        for (size_t m = 2; m <= order.size(); ++m) {
          prefix.insert(order[m - 1]);
          const int64_t gap = widestGap(prefix, n);
          if (gap * int64_t(m) > 2 * n)
            QFAIL(qPrintable(QString("n=%1 k=%2 m=%3: gap %4 > 2n/m").arg(n).arg(k).arg(m).arg(gap)));
          ++checked;
        }
      }
    }
    QVERIFY(checked > 500000);
  }
};

QTEST_GUILESS_MAIN(WorklistOrderTest)
#include "WorklistOrderTest.moc"
