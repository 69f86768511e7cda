// Label bounding boxes and the padded masks the 3D view builds surfaces from.
#include <QtTest>
#include <numeric>

#include "viewers/LabelMask.h"

using namespace slicewise;

class LabelMaskTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void boxesOfEveryLabel() {
    ImageGeometry g;
    g.size = {6, 5, 4};
    LabelVolume labels(g);
    labels.set(0, 0, 0, 3);
    labels.set(5, 4, 3, 3);
    labels.set(2, 1, 2, 7);
    labels.set(3, 1, 2, 7);
    labels.set(4, 1, 2, 7);
    const std::vector<VoxelBox> boxes = LabelBoxes::scan(labels);
    QCOMPARE(boxes[3].first, (Index3{0, 0, 0}));
    QCOMPARE(boxes[3].last, (Index3{5, 4, 3}));
    QCOMPARE(boxes[7].first, (Index3{2, 1, 2}));
    QCOMPARE(boxes[7].last, (Index3{4, 1, 2}));
    QVERIFY(boxes[0].empty());
    QVERIFY(boxes[1].empty());
    QCOMPARE(boxes[7].voxelCount(), int64_t(3));

    // Within a region only what lies inside counts: (3..5, 0..4, 2..3) holds 7 at i = 3, 4
    // and the 3 at the far corner.
    const std::vector<VoxelBox> part = LabelBoxes::scan(labels, {{3, 0, 2}, {9, 9, 9}});
    QCOMPARE(part[7].first, (Index3{3, 1, 2}));
    QCOMPARE(part[7].last, (Index3{4, 1, 2}));
    QCOMPARE(part[3].first, (Index3{5, 4, 3}));
    QCOMPARE(part[3].last, (Index3{5, 4, 3}));
  }

  // Background is skipped four voxels at a time: a row ending in such a step must not spill
  // into the next row (which here starts with a label) nor past the buffer.
  void scanStaysWithinEachRow() {
    ImageGeometry g;
    g.size = {8, 3, 2};
    LabelVolume labels(g);
    labels.set(0, 1, 0, 5);
    labels.set(0, 0, 1, 6);
    labels.set(7, 2, 1, 4);
    const std::vector<VoxelBox> boxes = LabelBoxes::scan(labels);
    QCOMPARE(boxes[5].first, (Index3{0, 1, 0}));
    QCOMPARE(boxes[5].last, (Index3{0, 1, 0}));
    QCOMPARE(boxes[6].first, (Index3{0, 0, 1}));
    QCOMPARE(boxes[6].last, (Index3{0, 0, 1}));
    QCOMPARE(boxes[4].first, (Index3{7, 2, 1}));
    QCOMPARE(boxes[4].last, (Index3{7, 2, 1}));
    const std::vector<VoxelBox> part = LabelBoxes::scan(labels, {{0, 0, 0}, {3, 2, 1}});
    QCOMPARE(part[5].last, (Index3{0, 1, 0}));
    QVERIFY(part[4].empty());
  }

  // A label touching the volume's corner: the mask reaches one voxel beyond the volume on every
  // side, and that margin is background, so the surface closes there.
  void maskIsPaddedWithBackground() {
    ImageGeometry g;
    g.size = {4, 4, 4};
    LabelVolume labels(g);
    for (int64_t k = 0; k < 2; ++k)
      for (int64_t j = 0; j < 2; ++j)
        for (int64_t i = 0; i < 3; ++i) labels.set(i, j, k, 2);
    labels.set(1, 1, 1, 5);  // another label inside the box is background for label 2
    const LabelMask mask = LabelBoxes::copyMask(labels, 2, {{0, 0, 0}, {2, 1, 1}});
    QCOMPARE(mask.id, Label(2));
    QCOMPARE(mask.origin, (Index3{-1, -1, -1}));
    QCOMPARE(mask.size, (Index3{5, 4, 4}));
    QCOMPARE(mask.inside.size(), size_t(80));
    QCOMPARE(std::accumulate(mask.inside.begin(), mask.inside.end(), 0), 11);
    auto at = [&](int64_t i, int64_t j, int64_t k) {
      return mask.inside[size_t(((k - mask.origin[2]) * mask.size[1] + (j - mask.origin[1])) *
                                    mask.size[0] +
                                (i - mask.origin[0]))];
    };
    QCOMPARE(at(0, 0, 0), uint8_t(1));
    QCOMPARE(at(2, 1, 1), uint8_t(1));
    QCOMPARE(at(1, 1, 1), uint8_t(0));
    QCOMPARE(at(-1, 0, 0), uint8_t(0));
    QCOMPARE(at(3, 0, 0), uint8_t(0));
    QCOMPARE(at(0, 0, 2), uint8_t(0));
    QVERIFY(LabelBoxes::copyMask(labels, 9, VoxelBox{}).empty());
  }

  void boxArithmetic() {
    VoxelBox b;
    QVERIFY(b.empty());
    QCOMPARE(b.voxelCount(), int64_t(0));
    b.include(3, 4, 5);
    b.unite({{1, 6, 2}, {2, 7, 2}});
    QCOMPARE(b.first, (Index3{1, 4, 2}));
    QCOMPARE(b.last, (Index3{3, 7, 5}));
    QCOMPARE(b.voxelCount(), int64_t(3 * 4 * 4));
    const VoxelBox c = VoxelBox{{-2, 0, 0}, {10, 3, 3}}.clippedTo({4, 4, 4});
    QCOMPARE(c.first, (Index3{0, 0, 0}));
    QCOMPARE(c.last, (Index3{3, 3, 3}));
  }
};

QTEST_MAIN(LabelMaskTest)
#include "LabelMaskTest.moc"
