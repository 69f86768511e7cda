#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include "QueueTestSupport.h"
#include "TestData.h"
#include "io/LabelMapLoader.h"
#include "metrics/SegmentationMetrics.h"
#include "study/Study.h"

using namespace slicewise;
using namespace slicewise::test;

// The whole loop on the real brain MRI, as a radiologist's evening would go: a study, keys at
// 20 % (keep_n) drawn from the truth, the U-Net queued, a worker run, the proposal imported on
// the next `study info`, and its Dice on the other slices at least that of `nearest`.
class QueueBrainLoopTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void studyToImportedProposal() {
    SLICEWISE_REQUIRE_DATA(kBrainImage);
    SLICEWISE_REQUIRE_DATA(kBrainLabels);
    QElapsedTimer clock;
    clock.start();
    const QString dir = scratchDir(), study = dir + "/brain.study", queue = dir + "/queue/queue.sqlite";
    const QString image = sharedData(kBrainImage), truth = sharedData(kBrainLabels);
    // keep_n at 20 % of 64 axial slices: k = 13, slice ((2i + 1) * 64) div 26 for i = 0..12.
    const std::vector<int64_t> keys{2, 7, 12, 17, 22, 27, 32, 36, 41, 46, 51, 56, 61};
    CliResult r = runCli({"study", "create", image, "--out", study});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = runCli({"study", "annotate", study, "--from", truth, "--slices", "2,7,12,17,22,27,32,36,41,46,51,56,61"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = runCli({"queue", "add", study, "--predictor", "unet", "--iterations", "400", "--seed", "1",
                "--parameters", R"({"batch":4})", "--queue", queue});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = runCli({"worker", "--once", "--device", "cpu", "--queue", queue});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("1 done"), r.out.constData());
    r = runCli({"study", "info", study, "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray proposals = r.json().object()["proposals"].toArray();
    QCOMPARE(proposals.size(), 1);
    QVERIFY(!proposals[0].toObject()["stale"].toBool());
    const double loopSeconds = clock.elapsed() / 1000.0;

    const auto s = Study::open(study.toStdString(), Study::Mode::ReadOnly);
    const Proposal p = s->loadProposal(proposals[0].toObject()["id"].toInteger());
    QCOMPARE(p.keySlices, keys);
    std::vector<std::string> warnings;
    const LabelVolume t = loadLabelMapFor(s->geometry(), truth.toStdString(), false, &warnings);
    const SliceRestriction others{SliceAxis::Axial, SegmentationMetrics::otherSlices(64, keys)};
    const double unet = *SegmentationMetrics::compare(t, p.labels, others).meanDice;

    r = runCli({"evaluate", "--image", image, "--truth", truth, "--selector", "keep_n", "--predictor", "nearest",
                "--budget", "20", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const double nearest =
        r.json().object()["results"].toArray()[0].toObject()["dice"].toObject()["mean"].toDouble();
    qInfo("brain loop: unet Dice %.4f, nearest %.4f, whole loop %.1f s", unet, nearest, loopSeconds);
    QVERIFY2(unet >= nearest, qPrintable(QString("unet %1 < nearest %2").arg(unet).arg(nearest)));
  }
};

QTEST_GUILESS_MAIN(QueueBrainLoopTest)
#include "QueueBrainLoopTest.moc"
