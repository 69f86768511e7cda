#include <QTest>
#include <nlohmann/json.hpp>

#include "SyntheticPhantom.h"

using namespace slicewise;
using namespace slicewise::test;

namespace {

UNetParameters tinyDeepLab(int64_t iterations) {
  UNetParameters p;
  p.architecture = NetworkArchitecture::DeepLabV3Plus;
  p.width = 8;
  p.batch = 4;
  p.iterations = iterations;
  p.threads = 1;
  return p;
}

}  // namespace

// DeepLabV3Plus2d, trained through UNetTrainer as the "deeplab" predictor.
class DeepLabV3Plus2dTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void overfitsHeldOutSlices() {
    Proposal p;
    overfitSmoothPhantom(tinyDeepLab(600), "deeplab", &p);
    if (QTest::currentTestFailed()) return;
    const auto parameters = nlohmann::json::parse(p.parametersJson);
    QCOMPARE(parameters["architecture"].get<std::string>(), std::string("deeplab"));
    QCOMPARE(parameters["output_stride"].get<int>(), 8);
  }

  void oneAndTwentyLabels() {
    for (int labels : {1, 20}) {
      const Phantom ph = bandPhantom(labels);
      const std::vector<int64_t> keys{0, 3, 7};
      for (int stride : {8, 16}) {
        UNetParameters parameters = tinyDeepLab(15);
        parameters.outputStride = stride;
        const Proposal p = UNetPredictor(parameters).predict(inputFor(ph, onlyKeys(ph.truth, keys), keys));
        checkProposalShape(ph, p, keys);
      }
    }
  }

  void refusesABadStride() {
    UNetParameters parameters = tinyDeepLab(1);
    parameters.outputStride = 4;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UNetPredictor{parameters});
  }
};

QTEST_GUILESS_MAIN(DeepLabV3Plus2dTest)
#include "DeepLabV3Plus2dTest.moc"
