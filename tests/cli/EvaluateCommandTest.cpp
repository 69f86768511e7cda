#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include "CliRunner.h"
#include "TestData.h"
#include "io/ImageIO.h"

using namespace slicewise::test;

namespace {

// The nearest predictor's mean Dice, computed here from the truth alone, following DESIGN.md:
// keep_n keys ((2i + 1) n) div (2k) with k = round(n p / 100); every other slice copies its
// nearest key (the lower one on a tie; the outermost key beyond the ends); Dice per label over
// the non-key slices, labels absent from both sides left out, then the mean.
double nearestDiceByHand(const slicewise::LabelVolume& truth, double percent) {
  const auto& g = truth.geometry();
  const int64_t n = g.size[2], plane = g.size[0] * g.size[1];
  const int64_t k = std::max<int64_t>(2, std::llround(double(n) * percent / 100.0));
  std::vector<int64_t> keys;
  for (int64_t i = 0; i < k; ++i) keys.push_back(((2 * i + 1) * n) / (2 * k));
  std::map<slicewise::Label, std::array<uint64_t, 3>> counts;  // |T|, |P|, |T and P|
  for (int64_t s = 0; s < n; ++s) {
    if (std::find(keys.begin(), keys.end(), s) != keys.end()) continue;
    int64_t best = keys.front();
    for (int64_t key : keys)
      if (std::abs(key - s) < std::abs(best - s)) best = key;
    for (int64_t p = 0; p < plane; ++p) {
      const slicewise::Label t = truth.data()[size_t(s * plane + p)], q = truth.data()[size_t(best * plane + p)];
      if (t) ++counts[t][0];
      if (q) ++counts[q][1];
      if (t && t == q) ++counts[t][2];
    }
  }
  double sum = 0;
  for (const auto& [label, c] : counts) sum += 2.0 * double(c[2]) / double(c[0] + c[1]);
  return counts.empty() ? 0.0 : sum / double(counts.size());
}

// Mean Dice (non-key slices) of one predictor at one budget in an `evaluate --json` result.
double meanDice(const QJsonObject& result, const QString& predictor, double budget) {
  for (const auto& v : result["results"].toArray()) {
    const QJsonObject r = v.toObject();
    if (r["predictor"].toString() == predictor && r["budget"].toDouble() == budget)
      return r["dice"].toObject()["mean"].toDouble();
  }
  return -1;
}

}  // namespace

class EvaluateCommandTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // The floors issues 6 and 7 set on the hand-drawn brain labels (axial, keep_n).
  void brainAccuracyFloors() {
    SLICEWISE_REQUIRE_DATA("mri-brain-8labels/MRIcrop-seg.nii.gz");
    const CliResult r = runCli({"evaluate", "--image", sharedData("mri-brain-8labels/MRIcrop-orig.nii.gz"),
                                "--truth", sharedData("mri-brain-8labels/MRIcrop-seg.nii.gz"),
                                "--selector", "keep_n", "--predictor", "nearest,shape,shape-linear,morph",
                                "--budget", "12.5,20,33,50", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject json = r.json().object();
    const double nearest20 = meanDice(json, "nearest", 20), nearest33 = meanDice(json, "nearest", 33);
    const double shape20 = meanDice(json, "shape", 20), shape33 = meanDice(json, "shape", 33);
    qInfo("nearest %.4f / %.4f, shape %.4f / %.4f (20 %% / 33 %%)", nearest20, nearest33, shape20,
          shape33);
    // Nearest is checked against its definition, computed independently here.
    const slicewise::LabelVolume truth = slicewise::readLabelMap(sharedData(kBrainLabels).toStdString());
    for (double budget : {12.5, 20.0, 33.0, 50.0}) {
      const double byHand = nearestDiceByHand(truth, budget);
      qInfo("nearest at %.1f %%: %.4f, by hand %.4f", budget, meanDice(json, "nearest", budget), byHand);
      QVERIFY(std::abs(meanDice(json, "nearest", budget) - byHand) < 1e-4);
    }
    QVERIFY(shape20 >= 0.839);
    QVERIFY(shape33 >= 0.903);
    QVERIFY(meanDice(json, "shape-linear", 20) > nearest20);
    // Issue 7: morph reaches what 3D Slicer's implementation gives at 20 % and beats nearest at
    // every budget.
    QVERIFY(meanDice(json, "morph", 20) >= 0.808);
    for (double budget : {12.5, 20.0, 33.0, 50.0}) {
      qInfo("%.1f %%: nearest %.4f, morph %.4f", budget, meanDice(json, "nearest", budget),
            meanDice(json, "morph", budget));
      QVERIFY(meanDice(json, "morph", budget) > meanDice(json, "nearest", budget));
    }
  }

  // Issue 17 on the brain MRI, every axis: guided gains over shape at the two low budgets (by
  // 0.02 at least, 0.033 to 0.125 measured) and is never below it; morph is never below nearest.
  void guidedAndMorphOnEveryAxis() {
    SLICEWISE_REQUIRE_DATA("mri-brain-8labels/MRIcrop-seg.nii.gz");
    for (const char* axis : {"axial", "coronal", "sagittal"}) {
      const CliResult r = runCli({"evaluate", "--image", sharedData("mri-brain-8labels/MRIcrop-orig.nii.gz"),
                                  "--truth", sharedData("mri-brain-8labels/MRIcrop-seg.nii.gz"),
                                  "--predictor", "nearest,shape,morph,guided", "--budget",
                                  "12.5,20,33", "--axis", axis, "--json"});
      QVERIFY2(r.exitCode == 0, r.err.constData());
      const QJsonObject json = r.json().object();
      for (double budget : {12.5, 20.0, 33.0}) {
        const double nearest = meanDice(json, "nearest", budget), shape = meanDice(json, "shape", budget);
        const double morph = meanDice(json, "morph", budget), guided = meanDice(json, "guided", budget);
        qInfo("%s %.1f %%: nearest %.4f, shape %.4f, morph %.4f, guided %.4f", axis, budget, nearest,
              shape, morph, guided);
        QVERIFY(morph >= nearest);
        QVERIFY(guided >= shape - 0.005);
        if (budget < 30) QVERIFY(guided >= shape + 0.02);
      }
    }
  }

  void jsonCarriesTheProtocol() {
    SLICEWISE_REQUIRE_DATA("mri-brain-8labels/MRIcrop-seg.nii.gz");
    const CliResult r = runCli({"evaluate", "--image", sharedData("mri-brain-8labels/MRIcrop-orig.nii.gz"),
                                "--truth", sharedData("mri-brain-8labels/MRIcrop-seg.nii.gz"),
                                "--predictor", "nearest", "--budget", "12.5", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject json = r.json().object();
    const QJsonObject e = json["results"].toArray()[0].toObject();
    // 64 axial slices, 12.5 % -> 8 keys: ((2i + 1) * 64) div 16 = 4, 12, ..., 60.
    QCOMPARE(e["keys"].toArray(), QJsonArray({4, 12, 20, 28, 36, 44, 52, 60}));
    QCOMPARE(e["evaluated_slices"].toInt(), 56);
    QCOMPARE(e["whole_volume"].toObject()["evaluated_slices"].toInt(), 64);
    QVERIFY(e["dice"].toObject().contains("mean"));
    QVERIFY(e["avg_hausdorff_mm"].toObject().contains("mean"));
    QVERIFY(e["hd95_mm"].toObject().contains("mean"));
    QVERIFY(e["seconds"].toDouble() > 0);  // measured, not left at zero
    QCOMPARE(json["mean_dice"].toDouble(), e["dice"].toObject()["mean"].toDouble());
    // Whole-volume Dice counts the keys too, so it is higher.
    QVERIFY(e["whole_volume"].toObject()["dice"].toObject()["mean"].toDouble() >
            e["dice"].toObject()["mean"].toDouble());
  }

  void tableOnTwoVolumes() {
    const QString dir = scratchDir();
    QCOMPARE(runCli({"sample", "--out", dir}).exitCode, 0);
    const QString img = dir + "/sample-ct.nii.gz", lab = dir + "/sample-labels.nii.gz";
    const CliResult r = runCli({"evaluate", "--image", img, "--truth", lab, "--image", img,
                                "--truth", lab, "--predictor", "nearest,shape", "--budget", "20,50"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("keep_n / shape"));
    QVERIFY(r.out.contains("2 volumes"));
    QVERIFY(r.out.contains("± 0.000"));  // the same volume twice: no spread
  }

  // A bad budget is bad usage (exit 2) like every other malformed option, before any work.
  void badBudgetIsUsageError() {
    for (const char* budget : {"0", "150", "20,abc"}) {
      const CliResult r = runCli({"evaluate", "--image", "a.nii.gz", "--truth", "a.nii.gz",
                                  "--predictor", "nearest", "--budget", budget});
      QCOMPARE(r.exitCode, 2);
      QVERIFY2(r.err.contains("budget"), r.err.constData());
    }
  }

  // The built-in perceptual network is uncalibrated: evaluate says so, as select does.
  void perceptualCaveatIsShown() {
    const QString dir = scratchDir();
    QCOMPARE(runCli({"sample", "--out", dir}).exitCode, 0);
    const QString img = dir + "/sample-ct.nii.gz", lab = dir + "/sample-labels.nii.gz";
    qunsetenv("SLICEWISE_PERCEPTUAL_NETWORK");
    const CliResult r = runCli({"evaluate", "--image", img, "--truth", lab, "--selector",
                                "perceptual", "--predictor", "nearest", "--budget", "20"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("perceptual") && r.err.contains("uncalibrated"), r.err.constData());
    const CliResult k = runCli({"evaluate", "--image", img, "--truth", lab, "--predictor",
                                "nearest", "--budget", "20"});
    QVERIFY2(k.exitCode == 0, k.err.constData());
    QVERIFY(!k.err.contains("uncalibrated"));
  }

  void mismatchedListsFail() {
    const CliResult r = runCli({"evaluate", "--image", "a.nii.gz", "--image", "b.nii.gz", "--truth",
                                "a.nii.gz", "--predictor", "nearest"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("one --truth per --image"));
  }
};

QTEST_GUILESS_MAIN(EvaluateCommandTest)
#include "EvaluateCommandTest.moc"
