#include <QTest>
#include <vector>

#include "model/LabelVolume.h"
#include "model/SliceAxis.h"
#include "predict/TaperedCarry.h"

using namespace slicewise;

namespace {

SlicePlane plane(int64_t width, int64_t height) {
  ImageGeometry g;
  g.size = {width, height, 3};
  return slicePlane(g, SliceAxis::Axial);
}

void fill(std::vector<Label>& slice, int64_t width, int64_t u0, int64_t v0, int64_t u1, int64_t v1,
          Label label) {
  for (int64_t v = v0; v < v1; ++v)
    for (int64_t u = u0; u < u1; ++u) slice[size_t(v * width + u)] = label;
}

}  // namespace

class TaperedCarryTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void shrinksByTheLastGapsRatio() {
    // Label 3: a 5 x 5 square (25 pixels) on the outermost key, 125 pixels on the next key one
    // slice further in, so it keeps 1/5 of its area per slice outwards: round(25 / 5) = 5 pixels
    // one slice beyond, 1 two slices beyond, none three beyond (0.2 rounds to 0).
    // Which 5: smoothed (taps 1/8, 3/4, 1/8 each way) the square's distance map is 2.06 at its
    // centre, 1.47 at the centre's four edge neighbours and 1.28 at its diagonal ones: a plus.
    const int64_t w = 20;
    const SlicePlane p = plane(w, w);
    std::vector<Label> outer(size_t(w * w), 0), inner(size_t(w * w), 0);
    fill(outer, w, 5, 5, 10, 10, 3);
    fill(inner, w, 4, 4, 15, 15, 3);  // 121 pixels
    fill(inner, w, 0, 0, 4, 1, 3);    // and 4 more
    // Label 4 grew towards the outermost key and label 5 is absent from the next one: both
    // are carried as they are.
    fill(outer, w, 14, 14, 16, 15, 4);
    fill(inner, w, 17, 17, 18, 18, 4);
    fill(outer, w, 17, 2, 19, 4, 5);
    const TaperedCarry carry(outer, inner, p, 1);

    std::vector<Label> plus(size_t(w * w), 0);
    fill(plus, w, 7, 6, 8, 9, 3);
    fill(plus, w, 6, 7, 9, 8, 3);
    fill(plus, w, 14, 14, 16, 15, 4);
    fill(plus, w, 17, 2, 19, 4, 5);
    QCOMPARE(carry.at(1), plus);

    std::vector<Label> centre(size_t(w * w), 0);
    centre[size_t(7 * w + 7)] = 3;
    fill(centre, w, 14, 14, 16, 15, 4);
    fill(centre, w, 17, 2, 19, 4, 5);
    QCOMPARE(carry.at(2), centre);
    centre[size_t(7 * w + 7)] = 0;
    QCOMPARE(carry.at(3), centre);
    QCOMPARE(carry.at(0), outer);
  }

  void ratioSpreadOverTheGap() {
    // A 5 x 5 square with 100 pixels on the next key two slices in: a quarter per gap, a half
    // per slice, so round(12.5) = 13 pixels one slice beyond. The smoothed distance map: 2.06 at
    // the centre, 1.47 and 1.28 on the ring around it, 0.5 at the middles of the outer ring's
    // sides, 0.48 beside them, 0.27 at its corners: the inner 3 x 3 and the four side middles.
    const int64_t w = 12;
    const SlicePlane p = plane(w, w);
    std::vector<Label> outer(size_t(w * w), 0), inner(size_t(w * w), 0);
    fill(outer, w, 3, 3, 8, 8, 1);
    fill(inner, w, 1, 1, 11, 11, 1);
    const TaperedCarry carry(outer, inner, p, 2);
    std::vector<Label> expected(size_t(w * w), 0);
    fill(expected, w, 4, 4, 7, 7, 1);
    expected[size_t(3 * w + 5)] = expected[size_t(7 * w + 5)] = 1;
    expected[size_t(5 * w + 3)] = expected[size_t(5 * w + 7)] = 1;
    QCOMPARE(carry.at(1), expected);
  }
};

QTEST_GUILESS_MAIN(TaperedCarryTest)
#include "TaperedCarryTest.moc"
