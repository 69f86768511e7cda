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

const std::vector<int64_t> kKeys{1, 5, 9, 13, 17};

}  // namespace

// DeepLabV3Plus2d, trained through UNetTrainer as the "deeplab" predictor.
class DeepLabV3Plus2dTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void overfitsHeldOutSlices() {
    const Phantom ph = smoothPhantom();
    const LabelVolume sparse = onlyKeys(ph.truth, kKeys);
    TrainingOutcome outcome;
    const Proposal p = UNetPredictor(tinyDeepLab(600)).predict(inputFor(ph, sparse, kKeys), {}, {}, &outcome);
    const double dice = heldOutDice(ph, p, kKeys);
    qInfo("loss %.4f -> %.4f in %.2f s, held-out Dice %.4f", outcome.firstLoss, outcome.finalLoss, outcome.seconds,
          dice);
    QVERIFY(dice >= 0.95);
    QCOMPARE(p.predictor, std::string("deeplab"));
    checkProposalShape(ph, p, kKeys);
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
