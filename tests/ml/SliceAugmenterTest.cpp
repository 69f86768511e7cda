// LibTorch first: Qt's `slots` macro would break its headers.
#include "ml/SliceAugmenter.h"

#include <QTest>

using namespace slicewise;

// The augmentation keeps anatomy valid: small moves, never a mirror image.
class SliceAugmenterTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void neverMirrorsAndLabelsFollowTheImage() {
    // 8 slices of 24 x 40 (anisotropic pixels, 0.8 x 2 mm): left third 1 with class 1, right
    // two thirds 0 with class 0; an upper band marks up/down likewise.
    const int64_t b = 8, h = 24, w = 40;
    torch::Tensor images = torch::zeros({b, 1, h, w});
    torch::Tensor classes = torch::zeros({b, h, w}, torch::kLong);
    images.slice(3, 0, w / 3).fill_(1.0);
    classes.slice(2, 0, w / 3).fill_(1);
    images.slice(2, 0, h / 4).fill_(2.0);
    classes.slice(1, 0, h / 4).fill_(2);
    const SliceAugmenter augmenter(0.8, 2.0);
    for (int64_t iteration = 0; iteration < 50; ++iteration) {
      TrainingRandom random(3, iteration);
      const auto [x, y] = augmenter.apply(images, classes, random);
      QCOMPARE(x.sizes(), images.sizes());
      QCOMPARE(y.sizes(), classes.sizes());
      for (int64_t i = 0; i < b; ++i) {
        const torch::Tensor c = y[i];
        // Class 1 stays on the left, class 2 at the top.
        const double left = (c.slice(1, 0, w / 2) == 1).sum().item<double>();
        const double right = (c.slice(1, w / 2, w) == 1).sum().item<double>();
        QVERIFY(left > 4 * right);
        const double top = (c.slice(0, 0, h / 2) == 2).sum().item<double>();
        const double bottom = (c.slice(0, h / 2, h) == 2).sum().item<double>();
        QVERIFY(top > 4 * bottom);
        // Labels are resampled, not blended: only the classes that went in come out.
        QVERIFY(((c == 0) | (c == 1) | (c == 2)).all().item<bool>());
      }
      // Intensity changes stay within gain 0.9..1.1 and offset +-0.1.
      QVERIFY(x.max().item<double>() <= 2.0 * 1.1 + 0.1 + 1e-5);
      QVERIFY(x.min().item<double>() >= -0.1 - 1e-5);
    }
  }

  void sameDrawSameResult() {
    const torch::Tensor images = torch::rand({2, 1, 16, 16});
    const torch::Tensor classes = (images.squeeze(1) > 0.5).to(torch::kLong);
    const SliceAugmenter augmenter(1, 1);
    TrainingRandom r1(5, 9), r2(5, 9), r3(5, 10);
    const auto a = augmenter.apply(images, classes, r1);
    const auto b = augmenter.apply(images, classes, r2);
    const auto c = augmenter.apply(images, classes, r3);
    QVERIFY(torch::equal(a.first, b.first));
    QVERIFY(torch::equal(a.second, b.second));
    QVERIFY(!torch::equal(a.first, c.first));
  }
};

QTEST_GUILESS_MAIN(SliceAugmenterTest)
#include "SliceAugmenterTest.moc"
