#include <QTest>
#include <cmath>
#include <random>

#include "predict/SliceRegistration.h"

using namespace slicewise;

namespace {

// A smooth pattern of blobs, value in [0, 1], at a real position.
double pattern(double x, double y) {
  return 0.5 + 0.25 * std::sin(x / 5.0) * std::cos(y / 7.0) +
         0.25 * std::exp(-((x - 30) * (x - 30) + (y - 28) * (y - 28)) / 60.0);
}

std::vector<float> image(int64_t w, int64_t h, double shiftU, double shiftV, double noise = 0,
                         unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> n(0.0, noise > 0 ? noise : 1.0);
  std::vector<float> out(size_t(w * h));
  for (int64_t v = 0; v < h; ++v)
    for (int64_t u = 0; u < w; ++u)
      out[size_t(v * w + u)] =
          float(pattern(double(u) + shiftU, double(v) + shiftV) + (noise > 0 ? n(rng) : 0.0));
  return out;
}

// Mean displacement over the interior (10 pixels from the border).
void meanField(const DisplacementField& f, double& mu, double& mv) {
  mu = mv = 0;
  int n = 0;
  for (int64_t v = 10; v < f.height() - 10; ++v)
    for (int64_t u = 10; u < f.width() - 10; ++u) {
      mu += f.du()[size_t(v * f.width() + u)];
      mv += f.dv()[size_t(v * f.width() + u)];
      ++n;
    }
  mu /= n;
  mv /= n;
}

}  // namespace

class SliceRegistrationTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void recoversATranslation() {
    // moving(x) = pattern(x + (0, 0)), fixed(x) = pattern(x + (1.3, -0.7)): fixed pixel x
    // matches moving point x + (1.3, -0.7).
    const int64_t w = 64, h = 60;
    const auto fixed = image(w, h, 1.3, -0.7), moving = image(w, h, 0, 0);
    const auto r = SliceRegistration().align(fixed, moving, w, h, 1.0, 1.0);
    double mu, mv;
    meanField(r.field, mu, mv);
    qInfo("translation (1.3, -0.7): found (%.3f, %.3f), difference %.4f -> %.4f", mu, mv,
          r.differenceBefore, r.differenceAfter);
    QVERIFY(std::abs(mu - 1.3) < 0.1);
    QVERIFY(std::abs(mv + 0.7) < 0.1);
    QVERIFY(r.differenceAfter < 0.2 * r.differenceBefore);
  }

  void recoversATranslationOnAnisotropicPixels() {
    // 1 x 2 mm pixels (a coronal slice of thick-slice CT): the pattern sampled at twice the
    // distance along v, shifted by (-0.8, 0.6) pixels.
    const int64_t w = 64, h = 40;
    std::vector<float> fixed(size_t(w * h)), moving(size_t(w * h));
    for (int64_t v = 0; v < h; ++v)
      for (int64_t u = 0; u < w; ++u) {
        fixed[size_t(v * w + u)] = float(pattern(double(u) - 0.8, 2.0 * (double(v) + 0.6)));
        moving[size_t(v * w + u)] = float(pattern(double(u), 2.0 * double(v)));
      }
    const auto r = SliceRegistration().align(fixed, moving, w, h, 1.0, 2.0);
    double mu, mv;
    meanField(r.field, mu, mv);
    qInfo("anisotropic translation (-0.8, 0.6): found (%.3f, %.3f)", mu, mv);
    QVERIFY(std::abs(mu + 0.8) < 0.1);
    QVERIFY(std::abs(mv - 0.6) < 0.1);
  }

  void identicalOrFlatSlicesStayInPlace() {
    const int64_t w = 32, h = 24;
    const auto img = image(w, h, 0, 0);
    QCOMPARE(SliceRegistration().align(img, img, w, h, 1.0, 1.0).field.maxLength(), 0.0f);
    const std::vector<float> flat(size_t(w * h), 0.5f);
    const auto r = SliceRegistration().align(flat, flat, w, h, 1.0, 1.0);
    QCOMPARE(r.field.maxLength(), 0.0f);
    QCOMPARE(r.differenceBefore, 0.0);
  }

  void noiseFloorDampsNoise() {
    // Two slices of independent noise (deviation 0.1) over the same smooth pattern: the true
    // motion is none. With the gradient floor at three times the noise no pixel moves by a
    // pixel; without it, demons takes full steps after the noise (3.6 pixels at worst here).
    const int64_t w = 64, h = 60;
    const auto a = image(w, h, 0, 0, 0.1, 1), b = image(w, h, 0, 0, 0.1, 2);
    SliceRegistration::Options damped;
    damped.noise = 0.3;
    const float withFloor = SliceRegistration(damped).align(a, b, w, h, 1.0, 1.0).field.maxLength();
    const float without = SliceRegistration().align(a, b, w, h, 1.0, 1.0).field.maxLength();
    qInfo("noise only: largest displacement %.3f with the floor, %.3f without", double(withFloor),
          double(without));
    QVERIFY(withFloor < 1.0f);
    QVERIFY(withFloor < 0.25f * without);
  }
};

QTEST_GUILESS_MAIN(SliceRegistrationTest)
#include "SliceRegistrationTest.moc"
