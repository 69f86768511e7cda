#include <QDir>
#include <QFile>
#include <QTest>
#include <set>

#include "CliRunner.h"
#include "TestData.h"
#include "core/SliceAxis.h"
#include "io/ImageIO.h"

using namespace slicewise;
using namespace slicewise::test;

// `predict` end to end on the built-in sample (192x160x64, axial = voxel z).
class PredictCommandTest : public QObject {
  Q_OBJECT
  QString dir_, image_, labels_;

 private Q_SLOTS:
  void initTestCase() {
    dir_ = scratchDir();
    const CliResult r = runCli({"sample", "--out", dir_});
    QCOMPARE(r.exitCode, 0);
    image_ = dir_ + "/sample-ct.nii.gz";
    labels_ = dir_ + "/sample-labels.nii.gz";
  }

  void predictsBetweenKeysAndKeepsKeys() {
    for (const QString predictor : {"nearest", "shape", "shape-linear"}) {
      const QString out = dir_ + "/pred-" + predictor + ".nii.gz";
      const QString csv = dir_ + "/conf-" + predictor + ".csv";
      const CliResult r = runCli({"predict", "--image", image_, "--labels", labels_, "--slices",
                                  "10,20,30,40", "--predictor", predictor, "--out", out,
                                  "--confidence-out", csv, "--seed", "3", "--device", "cpu"});
      QVERIFY2(r.exitCode == 0, r.err.constData());
      const LabelVolume truth = readLabelMap(labels_.toStdString());
      const LabelVolume pred = readLabelMap(out.toStdString());
      QVERIFY(pred.geometry().sameGrid(truth.geometry()));
      const SlicePlane p = slicePlane(truth.geometry(), SliceAxis::Axial);
      for (int64_t k : {10, 20, 30, 40}) QCOMPARE(pred.slice(p, k), truth.slice(p, k));
      // Slice 25 is predicted, not empty, and uses only the keys' label IDs.
      QVERIFY(!pred.sliceIsEmpty(p, 25));
      std::set<Label> keyLabels{0};
      for (int64_t k : {10, 20, 30, 40})
        for (Label l : truth.slice(p, k)) keyLabels.insert(l);
      for (Label l : pred.data()) QVERIFY(keyLabels.count(l));
      QFile f(csv);
      QVERIFY(f.open(QIODevice::ReadOnly));
      const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
      QCOMPARE(lines.size(), 65);
      QCOMPARE(lines[0], QByteArray("slice,confidence,key"));
      QCOMPARE(lines[11], QByteArray("10,1.0000,1"));
      QVERIFY(lines[26].startsWith("25,0.") && lines[26].endsWith(",0"));
    }
  }

  void predictsFromAStudy() {
    const QString study = dir_ + "/study";
    const CliResult created = runCli({"study", "create", image_, "--out", study});
    if (created.exitCode != 0) QSKIP("this build has no study commands");
    QCOMPARE(runCli({"study", "annotate", study, "--from", labels_, "--slices", "12,24,36"}).exitCode, 0);
    const QString out = dir_ + "/from-study.nii.gz";
    const CliResult r = runCli({"predict", "--study", study, "--predictor", "shape", "--out", out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("3 key slices"));
    const LabelVolume truth = readLabelMap(labels_.toStdString());
    const LabelVolume pred = readLabelMap(out.toStdString());
    const SlicePlane p = slicePlane(truth.geometry(), SliceAxis::Axial);
    for (int64_t k : {12, 24, 36}) QCOMPARE(pred.slice(p, k), truth.slice(p, k));
    QVERIFY(!pred.sliceIsEmpty(p, 30));
    // The study gives the keys: --slices with --study is a usage mistake.
    QCOMPARE(runCli({"predict", "--study", study, "--slices", "3", "--predictor", "shape", "--out",
                     out}).exitCode, 1);
  }

  void badInputIsOneLine() {
    const QString out = dir_ + "/bad.nii.gz";
    CliResult r = runCli({"predict", "--image", image_, "--labels", labels_, "--slices", "10,99",
                          "--predictor", "shape", "--out", out});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("out of range"));
    QCOMPARE(r.err.trimmed().count('\n'), 0);
    r = runCli({"predict", "--image", image_, "--labels", labels_, "--slices", "10,20",
                "--predictor", "spline", "--out", out});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("unknown predictor"));
    r = runCli({"predict", "--image", image_, "--labels", labels_, "--slices", "10,20",
                "--predictor", "shape"});
    QCOMPARE(r.exitCode, 2);  // --out missing
    r = runCli({"predict", "--image", image_, "--labels", labels_, "--predictor", "shape", "--out",
                out});
    QCOMPARE(r.exitCode, 1);  // neither --slices nor --study
    QVERIFY(!QFile::exists(out));
  }
};

QTEST_GUILESS_MAIN(PredictCommandTest)
#include "PredictCommandTest.moc"
