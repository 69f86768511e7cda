#include <torch/cuda.h>
#include <torch/script.h>

#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <nlohmann/json.hpp>

#include "SyntheticPhantom.h"
#include "TinyNetwork.h"
#include "metrics/SegmentationMetrics.h"
#include "ml/UNetPredictor.h"

using namespace slicewise;
using namespace slicewise::test;
namespace fs = std::filesystem;

namespace {

// Every parameter of two saved networks, compared exactly.
bool sameWeights(const fs::path& a, const fs::path& b) {
  auto ma = torch::jit::load(a.string()), mb = torch::jit::load(b.string());
  const auto pa = ma.named_parameters(), pb = mb.named_parameters();
  if (pa.size() != pb.size() || pa.size() == 0) return false;
  auto ib = pb.begin();
  for (const auto& x : pa) {
    const auto y = *ib++;
    if (x.name != y.name || !torch::equal(x.value, y.value)) return false;
  }
  return true;
}

const std::vector<int64_t> kKeys{1, 5, 9, 13, 17};

}  // namespace

class UNetPredictorTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void lossFallsAndHeldOutSlicesAreSegmented() {
    const Phantom ph = smoothPhantom();
    const LabelVolume sparse = onlyKeys(ph.truth, kKeys);
    TrainingOutcome outcome;
    const Proposal p = UNetPredictor(tinyNetwork(200)).predict(inputFor(ph, sparse, kKeys), {}, {}, &outcome);
    qInfo("loss %.4f -> %.4f in %.2f s", outcome.firstLoss, outcome.finalLoss, outcome.seconds);
    QVERIFY(outcome.completed);
    QCOMPARE(outcome.iterations, int64_t(200));
    QCOMPARE(outcome.stopReason, std::string("iterations"));
    QVERIFY(outcome.finalLoss <= 0.3 * outcome.firstLoss);
    const SegmentationScore score = SegmentationMetrics::compare(
        ph.truth, p.labels, SliceRestriction{SliceAxis::Axial, SegmentationMetrics::otherSlices(20, kKeys)});
    qInfo("held-out Dice %.4f", *score.meanDice);
    QVERIFY(*score.meanDice >= 0.95);
    QCOMPARE(p.predictor, std::string("unet"));
    QCOMPARE(p.keySlices, kKeys);
    for (size_t s = 0; s < p.sliceConfidence.size(); ++s) {
      const bool key = std::find(kKeys.begin(), kKeys.end(), int64_t(s)) != kKeys.end();
      QVERIFY(key ? p.sliceConfidence[s] == 1.0f : p.sliceConfidence[s] >= 0.0f && p.sliceConfidence[s] <= 1.0f);
    }
    const auto parameters = nlohmann::json::parse(p.parametersJson);
    QCOMPARE(parameters["seed"].get<int>(), 7);
    QCOMPARE(parameters["device"].get<std::string>(), std::string("cpu"));
    QCOMPARE(parameters["intensity_used"].get<std::string>(), std::string("zscore"));
  }

  void ctTrainsInTheWindowOfItsLabelledVoxels() {
    // The phantom in Hounsfield units: air (-1000) around the ellipse (100 HU) and disc (180 HU).
    Phantom ph = smoothPhantom();
    auto& voxels = std::get<std::vector<int16_t>>(ph.image.storage());
    for (size_t i = 0; i < voxels.size(); ++i)
      if (ph.truth.data()[i] == 0) voxels[i] = int16_t(voxels[i] - 1020);
    const Proposal p = UNetPredictor(tinyNetwork(2)).predict(inputFor(ph, onlyKeys(ph.truth, kKeys), kKeys));
    const auto parameters = nlohmann::json::parse(p.parametersJson);
    QCOMPARE(parameters["intensity_used"].get<std::string>(), std::string("ct"));
    QCOMPARE(parameters["ct_window"].get<std::string>(), std::string("auto"));
    // 95..185 HU on the keys: the soft-tissue window (W 400, L 40) is the narrowest holding them.
    QVERIFY(parameters["ct_window_used"] == nlohmann::json({-160.0, 240.0}));
  }

  void sameSeedSameWeightsOtherSeedOther() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    const Phantom ph = smoothPhantom();
    const LabelVolume sparse = onlyKeys(ph.truth, kKeys);
    PredictionInput in = inputFor(ph, sparse, kKeys);
    TrainingOutcome a, b, c;
    const UNetPredictor net(tinyNetwork(60));
    const Proposal pa = net.predict(in, {}, dir / "a.pt", &a);
    const Proposal pb = net.predict(in, {}, dir / "b.pt", &b);
    in.seed = 8;
    net.predict(in, {}, dir / "c.pt", &c);
    QVERIFY(sameWeights(dir / "a.pt", dir / "b.pt"));
    QCOMPARE(a.finalLoss, b.finalLoss);
    QCOMPARE(pa.labels.data(), pb.labels.data());
    QCOMPARE(pa.sliceConfidence, pb.sliceConfidence);
    QVERIFY(!sameWeights(dir / "a.pt", dir / "c.pt"));
    QVERIFY(a.finalLoss != c.finalLoss);
  }

  void stoppedRunResumesToTheSameWeights() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    const Phantom ph = smoothPhantom();
    const LabelVolume sparse = onlyKeys(ph.truth, kKeys);
    const PredictionInput in = inputFor(ph, sparse, kKeys);
    UNetParameters parameters = tinyNetwork(90);
    parameters.plateauIterations = 1000;  // the loss history travels in the checkpoint too
    const UNetPredictor net(parameters);
    TrainingOutcome whole, part, rest;
    const Proposal uninterrupted = net.predict(in, {}, dir / "whole.pt", &whole);

    TrainingSession session;
    session.checkpoint = dir / "checkpoint.pt";
    session.onIteration = [](const TrainingStatus& s) { return s.iteration < 37; };
    QVERIFY_THROWS_EXCEPTION(PredictionCancelled, net.predict(in, session, dir / "never.pt", &part));
    QCOMPARE(part.iterations, int64_t(37));
    QVERIFY(!part.completed);
    QVERIFY(fs::exists(session.checkpoint));
    QVERIFY(!fs::exists(dir / "never.pt"));

    session.onIteration = nullptr;
    const Proposal resumed = net.predict(in, session, dir / "resumed.pt", &rest);
    QCOMPARE(rest.resumedFromIteration, int64_t(37));
    QCOMPARE(rest.iterations, int64_t(90));
    QVERIFY(sameWeights(dir / "whole.pt", dir / "resumed.pt"));
    QCOMPARE(rest.finalLoss, whole.finalLoss);
    QCOMPARE(resumed.labels.data(), uninterrupted.labels.data());
    QCOMPARE(resumed.sliceConfidence, uninterrupted.sliceConfidence);

    // A finished checkpoint is not trained again.
    TrainingOutcome again;
    net.predict(in, session, {}, &again);
    QCOMPARE(again.resumedFromIteration, int64_t(90));
  }

  void plateauStopsEarly() {
    const Phantom ph = smoothPhantom();
    const LabelVolume sparse = onlyKeys(ph.truth, kKeys);
    UNetParameters parameters = tinyNetwork(5000);
    parameters.plateauIterations = 30;
    parameters.plateauTolerance = 0.5;  // a halving of the loss within 30 iterations stops soon
    TrainingOutcome outcome;
    UNetPredictor(parameters).predict(inputFor(ph, sparse, kKeys), {}, {}, &outcome);
    QCOMPARE(outcome.stopReason, std::string("plateau"));
    QVERIFY(outcome.iterations < 5000);
  }

  void emptyKeysTeachBackground() {
    // The structure ends after slice 9; key 14 is marked empty, and everything beyond it too.
    Phantom ph = smoothPhantom();
    const SlicePlane plane = slicePlane(ph.truth.geometry(), SliceAxis::Axial);
    for (int64_t k = 10; k < 20; ++k) ph.truth.setSlice(plane, k, std::vector<Label>(plane.pixelCount(), 0));
    auto& voxels = std::get<std::vector<int16_t>>(ph.image.storage());
    for (int64_t k = 10; k < 20; ++k)
      for (size_t i = 0; i < plane.pixelCount(); ++i) voxels[size_t(k) * plane.pixelCount() + i] = 20;
    const std::vector<int64_t> keys{2, 6, 14};
    const LabelVolume sparse = onlyKeys(ph.truth, keys);
    const Proposal p = UNetPredictor(tinyNetwork(150)).predict(inputFor(ph, sparse, keys));
    for (int64_t k = 12; k < 20; ++k) QVERIFY(p.labels.sliceIsEmpty(plane, k));

    const LabelVolume none(ph.truth.geometry());
    TrainingOutcome outcome;
    const Proposal empty = UNetPredictor(tinyNetwork(150)).predict(inputFor(ph, none, keys), {}, {}, &outcome);
    QCOMPARE(outcome.iterations, int64_t(0));
    QCOMPARE(outcome.stopReason, std::string("no labels in the key slices"));
    QVERIFY(empty.labels.labelCounts().empty());
    QCOMPARE(empty.sliceConfidence, std::vector<float>(20, 1.0f));
  }

  void drawnVoxelsAndKeysStayAsGiven() {
    const Phantom ph = smoothPhantom();
    LabelVolume sparse = onlyKeys(ph.truth, kKeys);
    sparse.set(0, 0, 3, 2);  // a person drew label 2 into a background corner of slice 3
    ProvenanceVolume provenance(ph.truth.geometry());
    provenance.set(ph.truth.geometry().linearIndex(0, 0, 3), VoxelOrigin::Drawn);
    PredictionInput in = inputFor(ph, sparse, kKeys);
    in.provenance = &provenance;
    const Proposal p = UNetPredictor(tinyNetwork(30)).predict(in);
    QCOMPARE(p.labels.at(0, 0, 3), Label(2));
    const SlicePlane plane = slicePlane(ph.truth.geometry(), SliceAxis::Axial);
    for (int64_t k : kKeys) QCOMPARE(p.labels.slice(plane, k), ph.truth.slice(plane, k));
  }

  void warmStartCopiesTheEncoder() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    const Phantom ph = smoothPhantom();
    const LabelVolume sparse = onlyKeys(ph.truth, kKeys);
    const PredictionInput in = inputFor(ph, sparse, kKeys);
    UNetPredictor(tinyNetwork(40)).predict(in, {}, dir / "trained.pt", nullptr);

    UNetParameters warm = tinyNetwork(1);
    warm.encoderWeights = (dir / "trained.pt").string();
    warm.learningRate = 1e-9;  // one step that moves nothing measurably
    UNetPredictor(warm).predict(in, {}, dir / "warm.pt", nullptr);
    auto trained = torch::jit::load((dir / "trained.pt").string()), started = torch::jit::load((dir / "warm.pt").string());
    int encoder = 0, other = 0;
    auto it = started.named_parameters().begin();
    for (const auto& p : trained.named_parameters()) {
      const auto q = *it++;
      QCOMPARE(p.name, q.name);
      const bool close = torch::allclose(p.value, q.value, 0, 1e-5);
      if (p.name.rfind("encoder.", 0) == 0) {
        QVERIFY2(close, p.name.c_str());
        ++encoder;
      } else {
        other += close ? 0 : 1;
      }
    }
    QCOMPARE(encoder, 3 * 6);  // 3 levels x (2 convolution weights + 2 norms' weight and bias)
    QVERIFY(other > 0);        // the decoder started from scratch

    UNetParameters wrong = tinyNetwork(1);
    wrong.width = 4;
    wrong.encoderWeights = (dir / "trained.pt").string();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UNetPredictor(wrong).predict(in));
  }

  void refusesWhatItCannotRun() {
    const Phantom ph = smoothPhantom();
    const LabelVolume sparse = onlyKeys(ph.truth, kKeys);
    PredictionInput in = inputFor(ph, sparse, kKeys);
    in.image = nullptr;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UNetPredictor(tinyNetwork(5)).predict(in));
    in = inputFor(ph, sparse, kKeys);
    in.device = "tpu";
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UNetPredictor(tinyNetwork(5)).predict(in));
    in.device = "cuda:3";
    try {
      UNetPredictor(tinyNetwork(5)).predict(in);
      if (!torch::cuda::is_available()) QFAIL("trained on a missing GPU");
    } catch (const std::invalid_argument& e) {
      QVERIFY2(std::string(e.what()).find("cuda") != std::string::npos ||
                   std::string(e.what()).find("CUDA") != std::string::npos,
               e.what());
    }
    UNetParameters bad;
    bad.batch = 0;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UNetPredictor{bad});
  }
};

QTEST_GUILESS_MAIN(UNetPredictorTest)
#include "UNetPredictorTest.moc"
