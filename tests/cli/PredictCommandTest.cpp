#include <QDir>
#include <QFile>
#include <QTest>
#include <set>

#include "CliRunner.h"
#include "TestData.h"
#include "model/SliceAxis.h"
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
    for (const QString predictor : {"nearest", "shape", "shape-linear", "morph", "guided"}) {
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
    // Skipped only where the build has no study commands at all, never when creating fails.
    if (runCli({"study", "--help"}).exitCode != 0) QSKIP("this build has no study commands");
    const CliResult created = runCli({"study", "create", image_, "--out", study});
    QVERIFY2(created.exitCode == 0, created.err.constData());
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
    // A predictor that follows the image reads the study's own when --image is not given.
    const QString guided = dir_ + "/guided-from-study.nii.gz";
    const CliResult g = runCli({"predict", "--study", study, "--predictor", "guided", "--out", guided});
    QVERIFY2(g.exitCode == 0, g.err.constData());
    const LabelVolume followed = readLabelMap(guided.toStdString());
    for (int64_t k : {12, 24, 36}) QCOMPARE(followed.slice(p, k), truth.slice(p, k));
    QVERIFY(!followed.sliceIsEmpty(p, 30));
    // The study gives the keys: --slices with --study is a usage mistake.
    QCOMPARE(runCli({"predict", "--study", study, "--slices", "3", "--predictor", "shape", "--out",
                     out}).exitCode, 1);
  }

  // A label map on another grid is refused with a pointer to --resample-labels, and that option
  // exists here: the labels come onto the image grid by nearest neighbour.
  void labelsOnAnotherGridNeedResampling() {
    const ImageGeometry g = readImage(image_.toStdString()).geometry();
    ImageGeometry shifted = g;
    const Vec3 x = g.directionColumn(0);
    for (int d = 0; d < 3; ++d) shifted.origin[size_t(d)] += x[size_t(d)] * g.spacing[0];
    LabelVolume cube(shifted);  // label voxel i lies on image voxel i + 1
    for (int64_t k = 0; k < g.size[2]; ++k)
      for (int64_t j = 50; j < 60; ++j)
        for (int64_t i = 50; i < 60; ++i) cube.set(i, j, k, 5);
    const QString path = dir_ + "/shifted-labels.nii.gz";
    writeLabelMap(cube, path.toStdString());
    const QString out = dir_ + "/shifted-pred.nii.gz";
    CliResult r = runCli({"predict", "--image", image_, "--labels", path, "--slices", "10,20",
                          "--predictor", "nearest", "--out", out});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("--resample-labels"), r.err.constData());
    r = runCli({"predict", "--image", image_, "--labels", path, "--slices", "10,20",
                "--predictor", "nearest", "--out", out, "--resample-labels"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const LabelVolume pred = readLabelMap(out.toStdString());
    QVERIFY(pred.geometry().sameGrid(g));
    QCOMPARE(pred.at(50, 55, 15), Label(0));
    QCOMPARE(pred.at(51, 55, 15), Label(5));
    QCOMPARE(pred.at(60, 55, 15), Label(5));
    QCOMPARE(pred.at(61, 55, 15), Label(0));
    // evaluate takes the same option for its truth.
    r = runCli({"evaluate", "--image", image_, "--truth", path, "--predictor", "nearest",
                "--budget", "20"});
    QCOMPARE(r.exitCode, 1);
    r = runCli({"evaluate", "--image", image_, "--truth", path, "--predictor", "nearest",
                "--budget", "20", "--resample-labels"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
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
    r = runCli({"predict", "--image", image_, "--labels", labels_, "--slices", "10,20",
                "--predictor", "nearest", "--out", out, "--confidence-out", "/nonexistent/c.csv"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("/nonexistent"), r.err.constData());
    QVERIFY(!QFile::exists(out));  // nothing half-written
    // The predictor benchmark takes a budget in (0, 100] % and at least one run, like evaluate.
    for (const QStringList& bad : {QStringList{"--budget", "0"}, QStringList{"--budget", "1000"},
                                   QStringList{"--repeat", "0"}})
      QCOMPARE(runCli(QStringList{"bench", "predictors"} + bad).exitCode, 2);
    // The warm-start benchmark needs a cohort of at least two and an image with its labels.
    QCOMPARE(runCli({"bench", "warmstart", "--members", "1"}).exitCode, 2);
    const CliResult half = runCli({"bench", "warmstart", "--image", "/nonexistent.nii.gz"});
    QCOMPARE(half.exitCode, 1);
    QVERIFY2(half.err.contains("give --image and --labels together"), half.err.constData());
  }
};

QTEST_GUILESS_MAIN(PredictCommandTest)
#include "PredictCommandTest.moc"
