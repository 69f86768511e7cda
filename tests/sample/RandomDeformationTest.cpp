#include <QtTest>
#include <set>

#include "sample/RandomDeformation.h"

using namespace slicewise;

namespace {

// 40 x 36 x 12 voxels of 1.5 x 1.5 x 3 mm: a box of label 3 (intensity 300) holding a smaller box
// of label 7 (900), on a ramp background.
struct Boxes {
  Volume image;
  LabelVolume labels;
};

Boxes boxes() {
  ImageGeometry g;
  g.size = {40, 36, 12};
  g.spacing = {1.5, 1.5, 3.0};
  std::vector<int16_t> v(g.voxelCount());
  LabelVolume labels(g);
  for (int64_t k = 0; k < 12; ++k)
    for (int64_t j = 0; j < 36; ++j)
      for (int64_t i = 0; i < 40; ++i) {
        Label l = 0;
        if (i >= 8 && i < 32 && j >= 8 && j < 28 && k >= 2 && k < 10) l = 3;
        if (i >= 16 && i < 24 && j >= 14 && j < 22 && k >= 4 && k < 8) l = 7;
        labels.set(i, j, k, l);
        v[g.linearIndex(i, j, k)] = int16_t(l == 7 ? 900 : l == 3 ? 300 : i + j);
      }
  return {Volume(g, std::move(v)), std::move(labels)};
}

}  // namespace

class RandomDeformationTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void zeroAmplitudeIsTheIdentity() {
    const Boxes b = boxes();
    const DeformationAmplitude none{0, 40, 0, 0, 0, 0};
    const RandomDeformation d(b.image.geometry(), none, 5);
    QCOMPARE(std::get<std::vector<int16_t>>(d.apply(b.image).storage()),
             std::get<std::vector<int16_t>>(b.image.storage()));
    QCOMPARE(d.apply(b.labels).data(), b.labels.data());
    QCOMPARE(d.apply(b.labels).geometry().size, b.labels.geometry().size);
  }

  void seededAndDifferentBySeed() {
    const Boxes b = boxes();
    const RandomDeformation first(b.image.geometry(), DeformationAmplitude{}, 42);
    const RandomDeformation again(b.image.geometry(), DeformationAmplitude{}, 42);
    const RandomDeformation other(b.image.geometry(), DeformationAmplitude{}, 43);
    const auto pixels = [](const Volume& v) { return std::get<std::vector<int16_t>>(v.storage()); };
    QCOMPARE(pixels(first.apply(b.image)), pixels(again.apply(b.image)));
    QCOMPARE(first.apply(b.labels).data(), again.apply(b.labels).data());
    QVERIFY(first.apply(b.labels).data() != other.apply(b.labels).data());
    QVERIFY(pixels(first.apply(b.image)) != pixels(b.image));
  }

  void labelsStayASubsetAndShapesSurvive() {
    const Boxes b = boxes();
    for (uint64_t seed = 1; seed <= 5; ++seed) {
      const LabelVolume out = RandomDeformation(b.labels.geometry(), DeformationAmplitude{}, seed).apply(b.labels);
      const auto counts = out.labelCounts();
      for (const auto& [label, count] : counts) QVERIFY2(label == 0 || label == 3 || label == 7, qPrintable(QString::number(label)));
      // A few mm and a few per cent change the inner box's 8 x 8 x 4 = 256 voxels by far less than
      // half.
      qInfo("seed %llu: label 7 has %llu voxels", static_cast<unsigned long long>(seed),
            static_cast<unsigned long long>(counts.count(7) ? counts.at(7) : 0));
      QVERIFY(counts.count(7) && counts.at(7) > 128 && counts.at(7) < 512);
    }
  }

  void geometryOnlyMovesNoIntensity() {
    const Boxes b = boxes();
    DeformationAmplitude geometric;
    geometric.gain = 0;
    geometric.gamma = 0;
    const Volume out = RandomDeformation(b.image.geometry(), geometric, 9).apply(b.image);
    // Trilinear resampling stays within the input's range: 0 (ramp corner) to 900.
    for (int16_t v : std::get<std::vector<int16_t>>(out.storage())) QVERIFY(v >= 0 && v <= 900);
  }
};

QTEST_GUILESS_MAIN(RandomDeformationTest)
#include "RandomDeformationTest.moc"
