#include <QTest>
#include <atomic>

#include "predict/IntervalDeformation.h"

using namespace slicewise;

namespace {

// Every pair registers as the same shift: pixel x of slice s + 1 lies at x + (1, -0.5) on
// slice s, so slice s lies at x + (s - a, -(s - a) / 2) on slice a.
IntervalDeformation::PairRegistration shifting(int64_t w, int64_t h, std::atomic<int>& calls) {
  return [w, h, &calls](int64_t) {
    ++calls;
    SliceRegistration::Result r;
    r.field = DisplacementField(w, h);
    std::fill(r.field.du().begin(), r.field.du().end(), 1.0f);
    std::fill(r.field.dv().begin(), r.field.dv().end(), -0.5f);
    r.differenceBefore = 1.0;
    r.differenceAfter = 0.25;
    return r;
  };
}

}  // namespace

class IntervalDeformationTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void composesThePairsFromBothEnds_data() {
    QTest::addColumn<int64_t>("blockPairs");
    QTest::addColumn<int>("registrations");
    QTest::newRow("one block") << int64_t(64) << 10;
    // Blocks of 3 pairs (3, 3, 3, 1): the second pass repeats the first three.
    QTest::newRow("blocks of three") << int64_t(3) << 10 + 9;
  }
  void composesThePairsFromBothEnds() {
    QFETCH(int64_t, blockPairs);
    QFETCH(int, registrations);
    const int64_t w = 30, h = 20, a = 5, b = 15;
    std::atomic<int> calls{0};
    IntervalDeformation d(a, b, w, h, shifting(w, h, calls), blockPairs, [] { return false; });
    d.registerPairs();
    // Away from the border (where the clamped read holds the shift constant anyway).
    const size_t centre = size_t(10 * w + 15);
    QCOMPARE(d.upperToLower().du()[centre], 10.0f);
    QCOMPARE(d.upperToLower().dv()[centre], -5.0f);
    QCOMPARE(d.lowerToUpper().du()[centre], -10.0f);
    QCOMPARE(d.lowerToUpper().dv()[centre], 5.0f);
    QCOMPARE(d.unexplained(), 0.25);
    std::vector<int64_t> seen;
    d.visitSlices([&](std::vector<IntervalDeformation::SliceFields>& block) {
      for (const auto& f : block) {
        seen.push_back(f.slice);
        const float k = float(f.slice - a), rest = float(b - f.slice);
        QCOMPARE(f.toLower.du()[centre], k);
        QCOMPARE(f.toLower.dv()[centre], -0.5f * k);
        QCOMPARE(f.toUpper.du()[centre], -rest);
        QCOMPARE(f.toUpper.dv()[centre], 0.5f * rest);
        QCOMPARE(f.lowerReach, float(std::sqrt(k * k + 0.25f * k * k)));
      }
    });
    std::sort(seen.begin(), seen.end());
    QCOMPARE(seen, (std::vector<int64_t>{6, 7, 8, 9, 10, 11, 12, 13, 14}));
    QCOMPARE(calls.load(), registrations);
    QCOMPARE(IntervalDeformation::registrationCount(a, b, blockPairs, true), int64_t(registrations));
  }

  void withoutAnImageEverythingIsTheIdentity() {
    IntervalDeformation d(0, 4, 6, 5, {}, 8, [] { return false; });
    d.registerPairs();
    QCOMPARE(d.upperToLower().maxLength(), 0.0f);
    int slices = 0;
    d.visitSlices([&](std::vector<IntervalDeformation::SliceFields>& block) {
      for (const auto& f : block) {
        QCOMPARE(f.toLower.maxLength(), 0.0f);
        QCOMPARE(f.toUpper.maxLength(), 0.0f);
        ++slices;
      }
    });
    QCOMPARE(slices, 3);
    QCOMPARE(IntervalDeformation::registrationCount(0, 4, 8, false), int64_t(0));
  }
};

QTEST_GUILESS_MAIN(IntervalDeformationTest)
#include "IntervalDeformationTest.moc"
