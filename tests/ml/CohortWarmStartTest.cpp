#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

#include "SyntheticPhantom.h"
#include "TinyNetwork.h"
#include "jobs/CohortModelJob.h"
#include "ml/JobRunner.h"
#include "sample/RandomDeformation.h"

using namespace slicewise;
using namespace slicewise::test;
namespace fs = std::filesystem;

namespace {

// Another patient of the same kind, for a 32 x 32 phantom of 1 mm voxels: a couple of mm of
// smooth displacement, a few degrees and per cent, another scanner's gain and gamma.
DeformationAmplitude anotherPatient() {
  DeformationAmplitude a;
  a.displacementMm = 1.5;
  a.controlSpacingMm = 12;
  a.rotationDegrees = 6;
  a.scale = 0.08;
  return a;
}

Phantom deformed(const Phantom& base, uint64_t seed) {
  const RandomDeformation d(base.image.geometry(), anotherPatient(), seed);
  return {d.apply(base.image), d.apply(base.truth)};
}

// The held-out phantom at keep_n 12.5 % of 24 slices: 3 keys, (2i + 1) 24 div 6.
const std::vector<int64_t> kKeys{4, 12, 20};

}  // namespace

class CohortWarmStartTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void warmStartReachesTheColdDiceInAThirdOfTheIterations() {
    const auto start = std::chrono::steady_clock::now();
    const Phantom base = smoothPhantom(24);
    std::vector<Phantom> cohort;
    for (uint64_t seed = 1; seed <= 3; ++seed) cohort.push_back(deformed(base, seed));
    const Phantom held = deformed(base, 99);

    QTemporaryDir tmp;
    const fs::path folder = fs::path(tmp.path().toStdString()) / "cohort";
    std::vector<CohortTrainingMember> members;
    for (const Phantom& p : cohort) members.push_back({[&p] { return p.image; }, [&p] { return p.truth; }});
    createCohortModelJob(folder, members, SliceAxis::Axial, tinyNetwork(200), 3);
    JobRunner::Options options;
    options.threads = 1;
    QCOMPARE(JobRunner::run(folder, options), JobRunner::Result::Finished);
    QVERIFY(fs::is_regular_file(folder / "weights.pt"));

    const LabelVolume sparse = onlyKeys(held.truth, kKeys);
    const int64_t coldIterations = 150;
    const auto train = [&](int64_t iterations, bool startWarm, TrainingOutcome* outcome) {
      UNetParameters p = tinyNetwork(iterations);
      if (startWarm) p.initialWeights = (folder / "weights.pt").string();
      return UNetPredictor(p).predict(inputFor(held, sparse, kKeys), {}, {}, outcome);
    };
    TrainingOutcome warmOutcome;
    const Proposal warm = train(coldIterations / 3, true, &warmOutcome);
    const double coldDice = heldOutDice(held, train(coldIterations, false, nullptr), kKeys);
    const double coldThirdDice = heldOutDice(held, train(coldIterations / 3, false, nullptr), kKeys);
    const double warmDice = heldOutDice(held, warm, kKeys);
    qInfo("cold %lld iterations: Dice %.4f; cold %lld: %.4f; warm %lld: %.4f (%d tensors copied); %.1f s in all",
          static_cast<long long>(coldIterations), coldDice, static_cast<long long>(coldIterations / 3), coldThirdDice,
          static_cast<long long>(coldIterations / 3), warmDice, warmOutcome.initialTensors,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    QVERIFY(coldDice >= 0.85);  // the cold start has converged: the comparison means something
    // Reached within 0.01: about the spread of converged runs here (label boundaries resampled by
    // nearest neighbour under trilinear image resampling leave Dice near 0.9 whatever the budget).
    QVERIFY(warmDice >= coldDice - 0.01);
    QVERIFY(warmDice >= coldThirdDice + 0.2);  // a third of the iterations from scratch is far from it
    QVERIFY(warmOutcome.initialTensors > 0);
    checkProposalShape(held, warm, kKeys);
    QCOMPARE(nlohmann::json::parse(warm.parametersJson)["initial_tensors"].get<int>(), warmOutcome.initialTensors);
  }

  void headIsCopiedOnlyForTheSameLabels() {
    const Phantom ph = smoothPhantom(8);
    const std::vector<int64_t> keys{1, 6};
    QTemporaryDir tmp;
    const fs::path weights = fs::path(tmp.path().toStdString()) / "weights.pt";
    UNetPredictor(tinyNetwork(2)).predict(inputFor(ph, onlyKeys(ph.truth, keys), keys), {}, weights, nullptr);

    UNetParameters p = tinyNetwork(1);
    p.initialWeights = weights.string();
    TrainingOutcome same, other;
    UNetPredictor(p).predict(inputFor(ph, onlyKeys(ph.truth, keys), keys), {}, {}, &same);
    // Label 2 relabelled 5: same class count, other labels, so the head (weight and bias) starts
    // fresh and everything else is copied.
    LabelVolume relabelled = onlyKeys(ph.truth, keys);
    for (Label& l : relabelled.data())
      if (l == 2) l = 5;
    UNetPredictor(p).predict(inputFor(ph, relabelled, keys), {}, {}, &other);
    QVERIFY(same.initialTensors > 2);
    QCOMPARE(other.initialTensors, same.initialTensors - 2);
  }

  void jobFolderRecordsTheCopiedTensors() {
    const Phantom ph = smoothPhantom(8);
    const std::vector<int64_t> keys{1, 6};
    QTemporaryDir tmp;
    const fs::path root(tmp.path().toStdString());
    UNetPredictor(tinyNetwork(2)).predict(inputFor(ph, onlyKeys(ph.truth, keys), keys), {}, root / "cohort.pt",
                                          nullptr);
    JobDescription job;
    job.geometry = ph.image.geometry();
    job.imagePixelType = ph.image.pixelType();
    job.keySlices = keys;
    job.keyState = std::string(1, 'k');  // not a literal: GCC 12 warns falsely (-Wrestrict)
    job.parameters = tinyNetwork(3);
    job.parameters.initialWeights = (root / "cohort.pt").string();
    const JobFolder f = JobFolder::create(root / "job", job, ph.image, onlyKeys(ph.truth, keys));
    QCOMPARE(f.initialWeightsPath(), root / "job" / "initial.pt");
    fs::remove(root / "cohort.pt");  // the folder is self-contained
    QCOMPARE(JobRunner::run(root / "job", {}), JobRunner::Result::Finished);
    QVERIFY(f.readProposalTraining()["initial_tensors"].get<int>() > 2);
  }
};

QTEST_GUILESS_MAIN(CohortWarmStartTest)
#include "CohortWarmStartTest.moc"
