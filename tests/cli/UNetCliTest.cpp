#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <cmath>

#include "CliRunner.h"
#include "TestData.h"
#include "io/ImageIO.h"

using namespace slicewise;
using namespace slicewise::test;

// The network predictor through the CLI: predict, evaluate, job create and train, on a small
// synthetic volume so that each command trains for a second or two.
class UNetCliTest : public QObject {
  Q_OBJECT
  QString dir_, image_, truth_;

 private Q_SLOTS:
  void initTestCase() {
    dir_ = scratchDir();
    ImageGeometry g;
    g.size = {24, 20, 12};
    g.spacing = {1.5, 1.5, 3};
    std::vector<int16_t> v(g.voxelCount());
    LabelVolume truth(g);
    for (int64_t k = 0; k < 12; ++k)
      for (int64_t j = 0; j < 20; ++j)
        for (int64_t i = 0; i < 24; ++i) {
          const bool inside = std::hypot(double(i) - 9 - 0.5 * double(k), double(j) - 10) < 5;
          v[g.linearIndex(i, j, k)] = int16_t(inside ? 300 : 50);
          if (inside) truth.set(i, j, k, 2);
        }
    image_ = dir_ + "/disc.nii.gz";
    truth_ = dir_ + "/disc-labels.nii.gz";
    writeImage(Volume(g, std::move(v)), image_.toStdString());
    writeLabelMap(truth, truth_.toStdString());
  }

  void predictWithUNet() {
    const QString out = dir_ + "/unet.nii.gz";
    const CliResult r = runCli({"predict", "--image", image_, "--labels", truth_, "--slices", "1,4,7,10",
                                "--predictor", "unet", "--iterations", "40", "--seed", "2", "--device", "cpu", "--threads", "1",
                                "--out", out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("unet: 4 key slices, 8 slices predicted"), r.out.constData());
    const LabelVolume p = readLabelMap(out.toStdString());
    QCOMPARE(p.at(9 + 1, 10, 2), Label(2));  // disc centre on slice 2
    QCOMPARE(p.at(23, 0, 2), Label(0));
  }

  void evaluateReportsUNetBesideInterpolators() {
    const CliResult r = runCli({"evaluate", "--image", image_, "--truth", truth_, "--predictor", "unet,nearest",
                                "--budget", "34", "--iterations", "40", "--device", "cpu", "--threads", "1", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray results = r.json().object()["results"].toArray();
    QCOMPARE(results.size(), 2);
    QCOMPARE(results[0].toObject()["predictor"].toString(), QString("unet"));
    QVERIFY(results[0].toObject()["dice"].toObject()["mean"].toDouble() > 0.8);
    QVERIFY(results[0].toObject()["seconds"].toDouble() > 0);
    const CliResult table = runCli({"evaluate", "--image", image_, "--truth", truth_, "--predictor", "unet",
                                    "--budget", "34", "--iterations", "3", "--threads", "1"});
    QVERIFY2(table.exitCode == 0, table.err.constData());
    QVERIFY2(table.out.contains("keep_n / unet") && table.out.contains("Seconds per volume"), table.out.constData());
  }

  void jobCreateThenTrain() {
    const QString job = dir_ + "/job";
    CliResult r = runCli({"job", "create", "--image", image_, "--labels", truth_, "--slices", "1,4,7,10",
                          "--iterations", "20", "--device", "cpu", "--threads", "1", "--out", job});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("4 axial key slices, 20 iterations"), r.out.constData());
    QCOMPARE(QFileInfo(job).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    r = runCli({"job", "create", "--image", image_, "--labels", truth_, "--slices", "1,4", "--out", job});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("already exists"), r.err.constData());

    r = runCli({"train", job, "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject j = r.json().object();
    QCOMPARE(j["training"].toObject()["iterations"].toInt(), 20);
    QCOMPARE(j["training"].toObject()["stop_reason"].toString(), QString("iterations"));
    QVERIFY(QFileInfo::exists(job + "/proposal.raw"));
    QVERIFY(QFileInfo(j["trainer"].toString()).fileName() == "slicewise-train");
  }

  void trainFailuresAreOneLine() {
    CliResult r = runCli({"train", dir_ + "/no-such-job"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("is not a job folder"), r.err.constData());
    const QString job = dir_ + "/job2";
    QCOMPARE(runCli({"job", "create", image_, "--labels", truth_, "--slices", "3,8", "--threads", "1", "--out", job})
                 .exitCode,
             0);
    r = runCli({"train", job, "--trainer", dir_ + "/not-a-trainer"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("is not an executable file"), r.err.constData());
    r = runCli({"predict", "--image", image_, "--labels", truth_, "--slices", "1,4", "--predictor", "unet",
                "--iterations", "0", "--out", dir_ + "/x.nii.gz"});
    QCOMPARE(r.exitCode, 2);
  }
};

QTEST_GUILESS_MAIN(UNetCliTest)
#include "UNetCliTest.moc"
