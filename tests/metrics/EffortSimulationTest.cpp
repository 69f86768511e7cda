// The effort simulation against a 6 x 6 x 7 volume worked out by hand. Label 1 per axial slice:
//   k0 empty, k1 A (columns 0-1: 8 voxels), k2 B (columns 0-3: 16), k3 B, k4 C (columns 0-2: 12),
//   k5 A, k6 empty (rows 0-3 in each). Keys drawn: 1, 3, 6. Labelled slices: 5, holding 60 voxels
//   (12 a slice on average). Nearest copies the nearer key (the lower one on a tie):
//   k0 <- k1 (A on empty: Dice 0, 8 wrong / 12 average = 2/3), k2 <- k1 (A on B: Dice 2/3,
//   8 wrong / 16 = 1/2), k4 <- k3 (B on C: Dice 6/7, 4 wrong / 12 = 1/3), k5 <- k6 (empty on A:
//   Dice 0, 8 / 8 = 1).
#include <QTest>

#include "metrics/EffortSimulation.h"
#include "predict/NearestPredictor.h"

using namespace slicewise;

class EffortSimulationTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void oneRoundCorrectsEverythingBelowTheThreshold();
  void acceptedSlicesCostNothing();
  void laterRoundsPredictFromMoreKeys();
  void sliceDiceAndSpearman();
};

namespace {

LabelVolume truth() {
  ImageGeometry g;
  g.size = {6, 6, 7};
  LabelVolume l(g);
  const int columns[7] = {0, 2, 4, 4, 3, 2, 0};
  for (int64_t k = 0; k < 7; ++k)
    for (int64_t j = 0; j < 4; ++j)
      for (int64_t i = 0; i < columns[k]; ++i) l.set(i, j, k, 1);
  return l;
}

Volume image() { return Volume(truth().geometry(), std::vector<uint8_t>(6 * 6 * 7, 0)); }

}  // namespace

void EffortSimulationTest::oneRoundCorrectsEverythingBelowTheThreshold() {
  const EffortResult r = EffortSimulation::run(image(), truth(), {1, 3, 6}, NearestPredictor(), {});
  QCOMPARE(r.labelledSlices, 5);
  QCOMPARE(r.drawn, 3);
  QCOMPARE(r.drawnWithLabel, 2);
  QCOMPARE(r.accepted, 0);
  QCOMPARE(r.corrected, 4);
  // (2 drawn + 2/3 + 1/2 + 1/3 + 1) / 5 = 4.5 / 5
  QVERIFY(std::abs(r.effortFraction - 0.9) < 1e-12);
  QCOMPARE(r.finalDice, 1.0);
}

void EffortSimulationTest::acceptedSlicesCostNothing() {
  EffortOptions o;
  o.acceptDice = 0.85;  // k4's 6/7 = 0.857 passes
  const EffortResult r = EffortSimulation::run(image(), truth(), {1, 3, 6}, NearestPredictor(), o);
  QCOMPARE(r.accepted, 1);
  QCOMPARE(r.corrected, 3);
  // (2 + 2/3 + 1/2 + 1) / 5 = 25/6 / 5 = 5/6
  QVERIFY(std::abs(r.effortFraction - 5.0 / 6.0) < 1e-12);
  // k4 keeps B (16) where the truth has C (12): Dice over the volume 2 * 60 / (60 + 64) = 120/124.
  QVERIFY(std::abs(r.finalDice - 120.0 / 124.0) < 1e-12);
  // Round-1 confidences: k0, k4, k5 = 0.5 e^(-1/20) (carried or between keys of Dice 0), k2 =
  // (0.5 + 0.5 * 2/3) e^(-1/20). Against the Dice 0, 2/3, 6/7, 0: ranks (2, 4, 2, 2) and
  // (1.5, 3, 4, 1.5) give rho = 1 / sqrt(3 * 4.5).
  QVERIFY(r.confidenceDiceSpearman);
  QVERIFY(std::abs(*r.confidenceDiceSpearman - 1.0 / std::sqrt(13.5)) < 1e-9);
}

// Two rounds, one correction a round: round 1 accepts k4 and corrects k0 (the lowest confidence,
// the first of the ties); round 2 predicts k2 <- k1 (A, 1/2) and k5 <- k4 (now accepted B on A:
// 8 wrong / 8 = 1), and the last round corrects both.
void EffortSimulationTest::laterRoundsPredictFromMoreKeys() {
  EffortOptions o;
  o.acceptDice = 0.85;
  o.rounds = 2;
  o.correctionsPerRound = 1;
  const EffortResult r = EffortSimulation::run(image(), truth(), {1, 3, 6}, NearestPredictor(), o);
  QCOMPARE(r.rounds.size(), size_t(2));
  QCOMPARE(r.rounds[0].drawn, 3);
  QCOMPARE(r.rounds[0].accepted, 1);
  QCOMPARE(r.rounds[0].corrected, 1);
  QVERIFY(std::abs(r.rounds[0].correctionCost - 2.0 / 3.0) < 1e-12);
  QCOMPARE(r.rounds[1].drawn, 0);
  QCOMPARE(r.rounds[1].accepted, 0);
  QCOMPARE(r.rounds[1].corrected, 2);
  QVERIFY(std::abs(r.rounds[1].correctionCost - 1.5) < 1e-12);
  QVERIFY(std::abs(r.effortFraction - (2 + 2.0 / 3.0 + 1.5) / 5.0) < 1e-12);
}

void EffortSimulationTest::sliceDiceAndSpearman() {
  QCOMPARE(EffortSimulation::sliceDice({0, 0}, {0, 0}), 1.0);
  // label 1: 2*1/(2+1); label 2: only predicted -> 0; mean (2/3 + 0) / 2
  QCOMPARE(EffortSimulation::sliceDice({1, 1, 0}, {1, 2, 0}), (2.0 / 3.0) / 2.0);
  QCOMPARE(*EffortSimulation::spearman({1, 2, 3}, {10, 20, 30}), 1.0);
  QCOMPARE(*EffortSimulation::spearman({1, 2, 3}, {3, 2, 1}), -1.0);
  QVERIFY(!EffortSimulation::spearman({1, 1, 1}, {1, 2, 3}));
}

QTEST_GUILESS_MAIN(EffortSimulationTest)
#include "EffortSimulationTest.moc"
