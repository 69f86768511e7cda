#include <QTest>
#include <nlohmann/json.hpp>

#include "SyntheticPhantom.h"
#include "TinyNetwork.h"

using namespace slicewise;
using namespace slicewise::test;

namespace {

UNetParameters tinyMAnet(int64_t iterations) {
  UNetParameters p = tinyNetwork(iterations);
  p.architecture = NetworkArchitecture::MAnet;
  return p;
}

}  // namespace

// MAnet2d, trained through UNetTrainer as the "manet" predictor.
class MAnet2dTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void overfitsHeldOutSlices() {
    Proposal p;
    overfitSmoothPhantom(tinyMAnet(250), "manet", &p);
    if (QTest::currentTestFailed()) return;
    const auto parameters = nlohmann::json::parse(p.parametersJson);
    QCOMPARE(parameters["architecture"].get<std::string>(), std::string("manet"));
  }

  void oneAndTwentyLabels() {
    for (int labels : {1, 20}) {
      const Phantom ph = bandPhantom(labels);
      const std::vector<int64_t> keys{0, 3, 7};
      const Proposal p = UNetPredictor(tinyMAnet(15)).predict(inputFor(ph, onlyKeys(ph.truth, keys), keys));
      checkProposalShape(ph, p, keys);
    }
  }

  void oddSlicesArePadded() {
    // 30 x 30 is no multiple of 4: padded for the network, cropped back.
    ImageGeometry g;
    g.size = {30, 30, 6};
    std::vector<int16_t> v(g.voxelCount(), 10);
    LabelVolume truth(g);
    for (int64_t k = 0; k < 6; ++k)
      for (int64_t j = 10; j < 20; ++j)
        for (int64_t i = 10; i < 20; ++i) {
          truth.set(i, j, k, 3);
          v[g.linearIndex(i, j, k)] = 200;
        }
    const Phantom ph{Volume(g, std::move(v)), std::move(truth)};
    const std::vector<int64_t> keys{0, 5};
    checkProposalShape(ph, UNetPredictor(tinyMAnet(10)).predict(inputFor(ph, onlyKeys(ph.truth, keys), keys)), keys);
  }
};

QTEST_GUILESS_MAIN(MAnet2dTest)
#include "MAnet2dTest.moc"
