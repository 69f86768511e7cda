#include <QTest>

#include "select/AxisAdvice.h"

using namespace slicewise;

class AxisAdviceTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // FLARE21-like CT, 0.7 x 0.7 x 2.5 mm: coronal (tie with sagittal goes to coronal).
  void anisotropicCtRecommendsCoronal() {
    ImageGeometry g;
    g.size = {512, 512, 100};
    g.spacing = {0.7, 0.7, 2.5};
    const AxisAdvice a = AxisAdvice::forGeometry(g);
    QVERIFY(a.anisotropic);
    QVERIFY(std::abs(a.anisotropy - 2.5 / 0.7) < 1e-9);
    QCOMPARE(a.recommended, std::optional(SliceAxis::Coronal));
    QCOMPARE(a.axes[size_t(SliceAxis::Axial)].sliceSpacingMm, 2.5);
    QCOMPARE(a.axes[size_t(SliceAxis::Coronal)].sliceSpacingMm, 0.7);
    QCOMPARE(a.axes[size_t(SliceAxis::Coronal)].sliceCount, int64_t(512));
    QVERIFY(QString::fromStdString(a.reason).contains("coronal"));
  }

  // Coarse A-P sampling (dim 1): axial and sagittal slices are 0.8 mm apart; sagittal wins the tie.
  void coarseCoronalDirection() {
    ImageGeometry g;
    g.size = {100, 40, 100};
    g.spacing = {0.8, 3.0, 0.8};
    const AxisAdvice a = AxisAdvice::forGeometry(g);
    QCOMPARE(a.recommended, std::optional(SliceAxis::Sagittal));
  }

  void isotropicHasNoRecommendation() {
    ImageGeometry g;
    g.size = {78, 110, 64};
    g.spacing = {1, 1, 1.2};
    const AxisAdvice a = AxisAdvice::forGeometry(g);
    QVERIFY(!a.anisotropic);
    QVERIFY(!a.recommended);
  }
};

QTEST_GUILESS_MAIN(AxisAdviceTest)
#include "AxisAdviceTest.moc"
