#include <QTest>
#include <cmath>

#include "model/ValueRange.h"
#include "SliceGroupVolume.h"
#include "select/SsimMatrix.h"

using namespace slicewise;

namespace {

// Straightforward SSIM (Wang et al. 2004) in double: the full 11x11 window at every position
// where it fits, weights exp(-(a^2 + b^2) / (2 * 1.5^2)) normalised to sum 1.
double referenceSsim(const std::vector<double>& x, const std::vector<double>& y, int w, int h, double range) {
  double weights[11][11], total = 0;
  for (int a = 0; a < 11; ++a)
    for (int b = 0; b < 11; ++b) total += weights[a][b] = std::exp(-((a - 5) * (a - 5) + (b - 5) * (b - 5)) / 4.5);
  const double c1 = std::pow(0.01 * range, 2), c2 = std::pow(0.03 * range, 2);
  double sum = 0;
  int positions = 0;
  for (int r = 0; r + 11 <= h; ++r)
    for (int c = 0; c + 11 <= w; ++c) {
      double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
      for (int a = 0; a < 11; ++a)
        for (int b = 0; b < 11; ++b) {
          const double wt = weights[a][b] / total;
          const double xv = x[size_t((r + a) * w + c + b)], yv = y[size_t((r + a) * w + c + b)];
          mx += wt * xv, my += wt * yv, xx += wt * xv * xv, yy += wt * yv * yv, xy += wt * xv * yv;
        }
      const double vx = xx - mx * mx, vy = yy - my * my, cov = xy - mx * my;
      sum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      ++positions;
    }
  return sum / positions;
}

std::vector<double> sliceOf(const Volume& v, SliceAxis axis, int64_t s) {
  const auto f = v.sliceAsFloat(axis, s);
  return {f.begin(), f.end()};
}

Volume constantSlicesVolume() {
  // 16 x 14 x 3: slice 0 all 10, slice 1 all 30, slice 2 a ramp 0..100 (so the range is 100).
  ImageGeometry g;
  g.size = {16, 14, 3};
  std::vector<float> v(g.voxelCount());
  for (int64_t j = 0; j < 14; ++j)
    for (int64_t i = 0; i < 16; ++i) {
      v[g.linearIndex(i, j, 0)] = 10;
      v[g.linearIndex(i, j, 1)] = 30;
      v[g.linearIndex(i, j, 2)] = float(100.0 * double(i) / 15.0);
    }
  return Volume(g, std::move(v));
}

}  // namespace

class SsimMatrixTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void windowIsTheNormalisedGaussian() {
    const auto w = SsimMatrix::window();
    double sum = 0;
    for (float x : w) sum += x;
    QVERIFY(std::abs(sum - 1.0) < 1e-6);
    // 1 / sum_{d=-5..5} exp(-d^2 / 4.5) = 1 / 3.759234
    QVERIFY(std::abs(w[5] - 0.266012) < 1e-5);
    QCOMPARE(w[0], w[10]);
  }

  // Every pair, every axis, against the plain reference, to 1e-4.
  void matchesThePlainReference() {
    std::vector<int> groups;
    for (int s = 0; s < 12; ++s) groups.push_back((s * 5) % 4);
    for (SliceAxis axis : kAllAxes) {
      const Volume v = test::sliceGroupVolume(axis, groups, 23, 17);
      const auto [lo, hi] = valueRange(v);
      const Eigen::MatrixXf s = SsimMatrix::compute(v, axis);
      QCOMPARE(s.rows(), Eigen::Index(12));
      const SlicePlane p = slicePlane(v.geometry(), axis);
      double worst = 0;
      for (int64_t i = 0; i < 12; ++i)
        for (int64_t j = 0; j < 12; ++j) {
          const double ref = referenceSsim(sliceOf(v, axis, i), sliceOf(v, axis, j), int(p.width),
                                           int(p.height), hi - lo);
          worst = std::max(worst, std::abs(ref - double(s(i, j))));
        }
      QVERIFY2(worst < 1e-4, qPrintable(QString("max difference %1").arg(worst)));
    }
  }

  void identicalSlicesGiveOne() {
    const Volume v = test::sliceGroupVolume(SliceAxis::Axial, {1, 2, 1, 3}, 20, 20);
    const Eigen::MatrixXf s = SsimMatrix::compute(v, SliceAxis::Axial);
    for (int i = 0; i < 4; ++i) QCOMPARE(s(i, i), 1.0f);
    // A volume of two copies of one slice: the pair itself is computed, not assumed.
    ImageGeometry g;
    g.size = {20, 20, 2};
    std::vector<int16_t> twin(g.voxelCount());
    for (size_t i = 0; i < 400; ++i) twin[i] = twin[i + 400] = int16_t((i * 37) % 101);
    const Eigen::MatrixXf t = SsimMatrix::compute(Volume(g, std::move(twin)), SliceAxis::Axial);
    QVERIFY(std::abs(t(0, 1) - 1.0f) < 1e-6f);
  }

  // Constant slices a and b: no variance, no covariance, SSIM = (2ab + C1) / (a^2 + b^2 + C1).
  // a = 10, b = 30, L = 100 -> C1 = 1: (600 + 1) / (100 + 900 + 1) = 601 / 1001 = 0.6003996.
  void constantSlicesFollowTheFormula() {
    const Eigen::MatrixXf s = SsimMatrix::compute(constantSlicesVolume(), SliceAxis::Axial);
    QVERIFY2(std::abs(s(0, 1) - 0.6003996f) < 1e-5f, qPrintable(QString::number(s(0, 1))));
    QCOMPARE(s(0, 1), s(1, 0));
  }

  void tooSmallSlicesAreRefused() {
    ImageGeometry g;
    g.size = {10, 30, 4};
    const Volume v(g, std::vector<uint8_t>(g.voxelCount(), 1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SsimMatrix::compute(v, SliceAxis::Axial));
  }
};

QTEST_GUILESS_MAIN(SsimMatrixTest)
#include "SsimMatrixTest.moc"
