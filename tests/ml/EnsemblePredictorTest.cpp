#include <QTest>
#include <nlohmann/json.hpp>

#include "SyntheticPhantom.h"
#include "TinyNetwork.h"
#include "ml/EnsemblePredictor.h"

using namespace slicewise;
using namespace slicewise::test;

namespace {

EnsembleParameters of(std::vector<std::string> members, double tau = 1.0) {
  EnsembleParameters e;
  e.members = std::move(members);
  e.tauMm = tau;
  return e;
}

// 32 x 32 x 21, 1 mm: a disc of label 1 whose radius grows from 3 at slice 0 to 11 at slice 10,
// then stays 11 up to slice 20. Keys 0, 10, 20: between 0 and 10 shape interpolation and nearest
// disagree, between 10 and 20 they agree.
Phantom growingThenSteadyDisc() {
  ImageGeometry g;
  g.size = {32, 32, 21};
  std::vector<int16_t> v(g.voxelCount(), 0);
  LabelVolume truth(g);
  for (int64_t k = 0; k < 21; ++k) {
    const double r = 3.0 + 0.8 * double(std::min<int64_t>(k, 10));
    for (int64_t j = 0; j < 32; ++j)
      for (int64_t i = 0; i < 32; ++i)
        if (std::hypot(double(i) - 15.5, double(j) - 15.5) <= r) {
          truth.set(i, j, k, 1);
          v[g.linearIndex(i, j, k)] = 100;
        }
  }
  return {Volume(g, std::move(v)), std::move(truth)};
}

}  // namespace

class EnsemblePredictorTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void twoIdenticalMembersEqualTheMember() {
    const Phantom ph = smoothPhantom();
    const std::vector<int64_t> keys{1, 6, 11, 16};
    const LabelVolume sparse = onlyKeys(ph.truth, keys);
    const PredictionInput in = inputFor(ph, sparse, keys);
    for (const std::string member : {"shape", "nearest", "morph"}) {
      const Proposal alone = makeInterpolationPredictor(member)->predict(in);
      for (double tau : {0.25, 1.0, 4.0}) {
        const Proposal both = EnsemblePredictor(of({member, member}, tau), {}).predict(in);
        QCOMPARE(both.predictor, std::string("ensemble"));
        QVERIFY2(both.labels.data() == alone.labels.data(), member.c_str());
        QCOMPARE(both.keySlices, alone.keySlices);
        for (size_t s = 0; s < alone.sliceConfidence.size(); ++s)
          QVERIFY(std::abs(both.sliceConfidence[s] - alone.sliceConfidence[s]) < 1e-6f);
      }
    }
  }

  void disagreeingSlicesHaveLowerConfidence() {
    const Phantom ph = growingThenSteadyDisc();
    const std::vector<int64_t> keys{0, 10, 20};
    const LabelVolume sparse = onlyKeys(ph.truth, keys);
    const PredictionInput in = inputFor(ph, sparse, keys);
    const Proposal shape = makeInterpolationPredictor("shape")->predict(in);
    const Proposal nearest = makeInterpolationPredictor("nearest")->predict(in);
    const Proposal p = EnsemblePredictor(of({"shape", "nearest"}), {}).predict(in);
    checkProposalShape(ph, p, keys);
    const SlicePlane plane = slicePlane(ph.truth.geometry(), SliceAxis::Axial);
    float lowestAgreeing = 1, highestDisagreeing = 0;
    for (int64_t s : {3, 4, 5, 6, 7}) {  // the members differ here (radii 5.4 to 8.6)
      QVERIFY(shape.labels.slice(plane, s) != nearest.labels.slice(plane, s));
      const float mean = 0.5f * (shape.sliceConfidence[size_t(s)] + nearest.sliceConfidence[size_t(s)]);
      QVERIFY(p.sliceConfidence[size_t(s)] < mean - 0.01f);
      highestDisagreeing = std::max(highestDisagreeing, p.sliceConfidence[size_t(s)]);
    }
    for (int64_t s = 11; s < 20; ++s) {  // the same disc on both keys: the members agree
      QCOMPARE(shape.labels.slice(plane, s), nearest.labels.slice(plane, s));
      const float mean = 0.5f * (shape.sliceConfidence[size_t(s)] + nearest.sliceConfidence[size_t(s)]);
      QVERIFY(std::abs(p.sliceConfidence[size_t(s)] - mean) < 1e-6f);
      lowestAgreeing = std::min(lowestAgreeing, p.sliceConfidence[size_t(s)]);
    }
    qInfo("highest disagreeing %.3f, lowest agreeing %.3f", highestDisagreeing, lowestAgreeing);
    QVERIFY(highestDisagreeing < lowestAgreeing);
  }

  void networkAndShape() {
    const Phantom ph = smoothPhantom();
    const std::vector<int64_t> keys{1, 5, 9, 13, 17};
    const LabelVolume sparse = onlyKeys(ph.truth, keys);
    const Proposal p = EnsemblePredictor(of({"unet", "shape"}, 0.5), tinyNetwork(200)).predict(inputFor(ph, sparse, keys));
    checkProposalShape(ph, p, keys);
    const double dice = heldOutDice(ph, p, keys);
    qInfo("held-out Dice %.4f", dice);
    QVERIFY(dice >= 0.95);
    const auto parameters = nlohmann::json::parse(p.parametersJson);
    QCOMPARE(parameters["tau_mm"].get<double>(), 0.5);
    QCOMPARE(parameters["network"]["architecture"].get<std::string>(), std::string("unet"));
    QCOMPARE(parameters["network"]["seed"].get<int>(), 7);
  }

  void oneAndTwentyLabels() {
    for (int labels : {1, 20}) {
      const Phantom ph = bandPhantom(labels);
      const std::vector<int64_t> keys{0, 3, 7};
      const Proposal p =
          EnsemblePredictor(of({"manet", "shape"}), tinyNetwork(10)).predict(inputFor(ph, onlyKeys(ph.truth, keys), keys));
      checkProposalShape(ph, p, keys);
    }
  }

  void refusesBadMembers() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EnsemblePredictor(of({"shape"}), {}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EnsemblePredictor(of({"shape", "magic"}), {}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EnsemblePredictor(of({"unet", "deeplab"}), {}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EnsemblePredictor(of({"unet", "shape"}, 0.0), {}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EnsemblePredictor(of({"unet", "shape"}, -1.0), {}));
  }
};

QTEST_GUILESS_MAIN(EnsemblePredictorTest)
#include "EnsemblePredictorTest.moc"
