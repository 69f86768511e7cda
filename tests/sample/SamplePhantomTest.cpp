#include <QTest>

#include "sample/SamplePhantom.h"

using namespace slicewise;

class SamplePhantomTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void sampleIsALabelledAnisotropicCt() {
    const SampleCase s = SamplePhantom::generate();
    const ImageGeometry& g = s.image.geometry();
    QCOMPARE(g.size, (Index3{192, 160, 64}));
    QCOMPARE(g.spacing[2], 2.5);
    QCOMPARE(s.image.pixelType(), PixelType::Int16);
    const auto counts = s.labels.labelCounts();
    QCOMPARE(counts.size(), size_t(6));
    for (Label l = 1; l <= 6; ++l) QVERIFY2(s.table.find(l), "every label is named");
    // The liver is the largest organ and lies on the patient's right (negative LPS x).
    QVERIFY(counts.at(1) > counts.at(2));
    double sumX = 0;
    uint64_t n = 0;
    for (int64_t k = 0; k < g.size[2]; ++k)
      for (int64_t j = 0; j < g.size[1]; ++j)
        for (int64_t i = 0; i < g.size[0]; ++i)
          if (s.labels.at(i, j, k) == 1) sumX += g.indexToPhysical({double(i), double(j), double(k)})[0], ++n;
    QVERIFY(sumX / double(n) < -20.0);
    // Soft tissue around 35 HU, air at -1000 in the corner.
    QVERIFY(s.image.valueAt(0, 0, 0) < -900);
    QVERIFY(std::abs(s.image.valueAt(96, 40, 32) - 35) < 60);
  }

  void sampleIsDeterministic() {
    const SampleCase a = SamplePhantom::generate(), b = SamplePhantom::generate();
    QVERIFY(std::get<std::vector<int16_t>>(a.image.storage()) == std::get<std::vector<int16_t>>(b.image.storage()));
  }
};

QTEST_GUILESS_MAIN(SamplePhantomTest)
#include "SamplePhantomTest.moc"
