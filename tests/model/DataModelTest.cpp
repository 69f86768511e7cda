#include <QTest>
#include <sys/resource.h>

#include "model/ValueRange.h"
#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "model/Provenance.h"
#include "model/SliceAccess.h"
#include "model/SliceMarks.h"
#include "model/Volume.h"

using namespace slicewise;

namespace {
ImageGeometry smallGrid() {
  ImageGeometry g;
  g.size = {3, 4, 5};
  return g;
}
}  // namespace

class DataModelTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void volumeKeepsPixelTypeAndRange() {
    std::vector<int16_t> v(60);
    for (size_t i = 0; i < v.size(); ++i) v[i] = int16_t(int(i) - 30);
    Volume vol(smallGrid(), v);
    QCOMPARE(vol.pixelType(), PixelType::Int16);
    QCOMPARE(valueRange(vol).first, -30.0);
    QCOMPARE(valueRange(vol).second, 29.0);
    QCOMPARE(vol.valueAt(1, 2, 3), double(1 + 3 * (2 + 4 * 3) - 30));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Volume(smallGrid(), std::vector<float>(59)));
  }

  void slicesAreExtractedOnEveryAxis() {
    std::vector<uint16_t> v(60);
    for (size_t i = 0; i < v.size(); ++i) v[i] = uint16_t(i);
    Volume vol(smallGrid(), v);
    // Coronal slice j = 2: u runs along x (3), v along z (5); pixel (u=1, v=4) is voxel (1,2,4).
    const auto cor = vol.sliceAsFloat(SliceAxis::Coronal, 2);
    QCOMPARE(cor.size(), size_t(15));
    QCOMPARE(cor[4 * 3 + 1], float(1 + 3 * (2 + 4 * 4)));
    // Sagittal slice i = 0: u along y (4), v along z (5).
    const auto sag = vol.sliceAsFloat(SliceAxis::Sagittal, 0);
    QCOMPARE(sag[2 * 4 + 3], float(0 + 3 * (3 + 4 * 2)));
  }

  void labelSlicesRoundTripAndCount() {
    LabelVolume l(smallGrid());
    const SlicePlane p = slicePlane(l.geometry(), SliceAxis::Sagittal);
    std::vector<Label> pixels(p.pixelCount(), 0);
    pixels[5] = 7;
    pixels[6] = 300;
    l.setSlice(p, 2, pixels);
    QCOMPARE(l.at(2, 1, 1), Label(7));  // pixel 5 = (u=1, v=1)
    QCOMPARE(l.at(2, 2, 1), Label(300));
    const auto counts = l.labelCounts();
    QCOMPARE(counts.size(), size_t(2));
    QCOMPARE(counts.at(300), uint64_t(1));
    QVERIFY(l.sliceIsEmpty(p, 1));
    QVERIFY(!l.sliceIsEmpty(p, 2));
  }

  void marksKeepWorklistAndKeys() {
    SliceMarks m;
    m.setWorklist(SliceAxis::Axial, {10, 3, 17});
    QCOMPARE(m.worklist(SliceAxis::Axial), (std::vector<int64_t>{10, 3, 17}));
    m.setAnnotation(SliceAxis::Axial, 3, AnnotationState::Done);
    m.setAnnotation(SliceAxis::Axial, 40, AnnotationState::EmptyHere);
    m.setAnnotation(SliceAxis::Coronal, 5, AnnotationState::Done);
    QCOMPARE(m.keySlices(SliceAxis::Axial), (std::vector<int64_t>{3, 40}));
    QCOMPARE(m.keySlices(SliceAxis::Coronal), (std::vector<int64_t>{5}));
    m.setWorklist(SliceAxis::Axial, {20});
    QCOMPARE(m.worklist(SliceAxis::Axial), (std::vector<int64_t>{20}));
    QCOMPARE(m.get(SliceAxis::Axial, 3).annotation, AnnotationState::Done);
    QCOMPARE(m.onAxis(SliceAxis::Axial).count(10), size_t(0));  // blank marks are not stored
    m.setReview(SliceAxis::Axial, 8, ReviewState::Rejected);
    QCOMPARE(QString(reviewStateName(m.get(SliceAxis::Axial, 8).review).data()), QString("rejected"));
    // Accepted and corrected predictions are confirmed slices: keys. Rejected ones are not.
    m.setReview(SliceAxis::Axial, 9, ReviewState::Accepted, 4);
    m.setReview(SliceAxis::Axial, 11, ReviewState::Corrected);
    QCOMPARE(m.keySlices(SliceAxis::Axial), (std::vector<int64_t>{3, 9, 11, 40}));
    QCOMPARE(m.get(SliceAxis::Axial, 9).reviewedProposal, int64_t(4));
    QCOMPARE(m.nextWorklistRank(SliceAxis::Axial), 1);  // the worklist is {20}: rank 0
    QCOMPARE(parseAnnotationState("empty-here"), std::optional(AnnotationState::EmptyHere));
  }

  void labelTableDefaultsAreDistinct() {
    LabelTable t;
    t.set({5, "liver", {200, 100, 50}, true, false});
    t.addMissing({1, 5, 9});
    QCOMPARE(t.size(), size_t(3));
    QCOMPARE(QString::fromStdString(t.find(5)->name), QString("liver"));
    QCOMPARE(QString::fromStdString(t.find(9)->name), QString("Label 9"));
    for (Label a = 1; a < 60; ++a)
      for (Label b = a + 1; b < 60; ++b) QVERIFY(!(LabelTable::defaultColor(a) == LabelTable::defaultColor(b)));
  }

  // DESIGN: a 512x512x1000 int16 CT with labels and provenance fits in 2.5 GB.
  void largeCtFitsTheMemoryBudget() {
    ImageGeometry g;
    g.size = {512, 512, 1000};
    Volume ct(g, std::vector<int16_t>(g.voxelCount(), -1000));
    LabelVolume labels(g);
    ProvenanceVolume provenance(g);
    labels.set(511, 511, 999, 3);
    provenance.set(g.voxelCount() - 1, VoxelOrigin::Drawn);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double peakGb = double(usage.ru_maxrss) * 1024.0 / 1e9;
    qInfo("peak resident memory with CT + labels + provenance: %.2f GB", peakGb);
    QVERIFY(peakGb <= 2.5);
    QCOMPARE(provenance.count(VoxelOrigin::Drawn), size_t(1));
  }
};

QTEST_GUILESS_MAIN(DataModelTest)
#include "DataModelTest.moc"
