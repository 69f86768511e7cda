// The slicewise executable's screenshot mode: it renders the window, writes a PNG and exits.
#include <QImage>
#include <QProcess>
#include <QtTest>

#include "GlTestMain.h"
#include "TestData.h"

namespace {

struct Run {
  int exitCode = -1;
  QByteArray err;
};

Run runGui(const QStringList& args) {
  QProcess p;
  p.start(QStringLiteral(SLICEWISE_GUI_PATH), args);
  if (!p.waitForFinished(300000)) {
    p.kill();
    p.waitForFinished();
    return {};
  }
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardError()};
}

int distinctColours(const QImage& image) {
  QSet<QRgb> seen;
  for (int y = 0; y < image.height(); y += 3)
    for (int x = 0; x < image.width(); x += 3) seen.insert(image.pixel(x, y));
  return int(seen.size());
}

}  // namespace

class SlicewiseScreenshotTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void sampleScreenshot() {
    const QString out = slicewise::test::scratchDir() + "/sample.png";
    const Run r = runGui({"--screenshot", out, "--size", "900x600", "--slice", "axial:10"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QImage shot(out);
    QCOMPARE(shot.size(), QSize(900, 600));
    QVERIFY(distinctColours(shot) > 200);
  }

  void realVolumeWithLabelsAndColours() {
    SLICEWISE_REQUIRE_DATA("mri-brain-8labels/MRIcrop-orig.nii.gz");
    const QString out = slicewise::test::scratchDir() + "/brain.png";
    const Run r = runGui({slicewise::test::sharedData("mri-brain-8labels/MRIcrop-orig.nii.gz"),
                          "--labels",
                          slicewise::test::sharedData("mri-brain-8labels/MRIcrop-seg.nii.gz"),
                          "--slice", "axial:48", "--screenshot", out, "--size", "800x600"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QImage(out).size(), QSize(800, 600));
  }

  // A label map on another grid: refused with the flag that helps, which the window accepts.
  void labelsOnAnotherGridNeedTheResampleFlag() {
    SLICEWISE_REQUIRE_DATA("mri-brain-8labels/MRIcrop-orig.nii.gz");
    SLICEWISE_REQUIRE_DATA("ct-head/cranium_threshold_masks.nii.gz");
    const QString out = slicewise::test::scratchDir() + "/resampled.png";
    QStringList args{slicewise::test::sharedData("mri-brain-8labels/MRIcrop-orig.nii.gz"), "--labels",
                     slicewise::test::sharedData("ct-head/cranium_threshold_masks.nii.gz"),
                     "--screenshot", out, "--size", "400x300"};
    const Run refused = runGui(args);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("--resample-labels") && refused.err.count('\n') == 1,
             refused.err.constData());
    QVERIFY(!QFile::exists(out));
    args << "--resample-labels";
    const Run resampled = runGui(args);
    QVERIFY2(resampled.exitCode == 0, resampled.err.constData());
    QVERIFY(resampled.err.contains("resampled onto the image grid"));
    QCOMPARE(QImage(out).size(), QSize(400, 300));
  }

  void badUsageAndBadFiles() {
    const QString out = slicewise::test::scratchDir() + "/never.png";
    QCOMPARE(runGui({"--slice", "axial", "--screenshot", out}).exitCode, 2);
    QCOMPARE(runGui({"--slice", "axial:100000", "--screenshot", out}).exitCode, 2);
    const Run missing = runGui({"/nonexistent/image.nii.gz", "--screenshot", out});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(missing.err.contains("slicewise: "));
    QVERIFY(!QFile::exists(out));
  }
};

SLICEWISE_GL_TEST_MAIN(SlicewiseScreenshotTest)
#include "SlicewiseScreenshotTest.moc"
