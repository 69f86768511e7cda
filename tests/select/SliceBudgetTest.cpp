#include <QTest>

#include "select/KeepNSelector.h"
#include "select/SliceBudget.h"

using namespace slicewise;

class SliceBudgetTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void budgetRoundsHalfUpWithAFloorOfTwo() {
    QCOMPARE(budgetToCount(20, 64), int64_t(13));    // 12.8
    QCOMPARE(budgetToCount(12.5, 20), int64_t(3));   // 2.5 -> 3
    QCOMPARE(budgetToCount(50, 5), int64_t(3));      // 2.5 -> 3
    QCOMPARE(budgetToCount(1, 50), int64_t(2));      // 0.5 -> at least 2
    QCOMPARE(budgetToCount(100, 7), int64_t(7));
    QCOMPARE(budgetToCount(10, 1), int64_t(1));      // never more than there are
  }

  void budgetParsing() {
    QCOMPARE(parseBudgetPercent("20%"), std::optional(20.0));
    QCOMPARE(parseBudgetPercent("12.5"), std::optional(12.5));
    QVERIFY(!parseBudgetPercent("0"));
    QVERIFY(!parseBudgetPercent("120"));
    QVERIFY(!parseBudgetPercent("x20"));
    QVERIFY(!parseBudgetPercent(""));
  }

  void keepNFormula() {
    // ((2i + 1) * n) div (2k), by hand: n = 64, k = 13 -> 2, 7, 12, 17, 22, 27, 32, 36, 41, ...
    QCOMPARE(KeepNSelector::evenlySpaced(64, 13),
             (std::vector<int64_t>{2, 7, 12, 17, 22, 27, 32, 36, 41, 46, 51, 56, 61}));
    QCOMPARE(KeepNSelector::evenlySpaced(10, 2), (std::vector<int64_t>{2, 7}));
  }
};

QTEST_GUILESS_MAIN(SliceBudgetTest)
#include "SliceBudgetTest.moc"
