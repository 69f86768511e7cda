// The slicewise executable's screenshot mode: it renders the window, writes a PNG and exits.
#include <QDir>
#include <QFile>
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
                          "--slice", "axial:48", "--screenshot", out, "--size", "1000x700"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QImage(out).size(), QSize(1000, 700));
  }

  // The real DICOM series with the model's labels, which are stored LAS (rows flipped): they line
  // up through patient coordinates, and the liver (label 5, cyan) shows on the screen's left in
  // the axial view (the window's top-left quarter with the panels hidden).
  void dicomSeriesWithLabelsIsRadiological() {
    SLICEWISE_REQUIRE_DATA("ct-abdomen-dicom/dicom");
    SLICEWISE_REQUIRE_DATA("ct-abdomen-dicom/example_seg_dicom.nii.gz");
    const QString out = slicewise::test::scratchDir() + "/dicom.png";
    const Run r = runGui({slicewise::test::sharedData("ct-abdomen-dicom/dicom"), "--labels",
                          slicewise::test::sharedData("ct-abdomen-dicom/example_seg_dicom.nii.gz"),
                          "--resample-labels", "--slice", "axial:10", "--screenshot", out, "--size",
                          "1200x900", "--no-panels"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.err.contains("resampled"));
    const QImage shot(out);
    int left = 0, right = 0;
    for (int y = 0; y < shot.height() / 2; ++y)
      for (int x = 0; x < shot.width() / 2; ++x) {
        const QColor c = shot.pixelColor(x, y);
        const bool cyan = c.green() - c.red() > 80 && c.blue() - c.red() > 80 && std::abs(c.green() - c.blue()) < 40;
        if (cyan) (x < shot.width() / 4 ? left : right)++;
      }
    QVERIFY2(left > 2000 && left > 5 * right, qPrintable(QString("liver pixels left %1, right %2").arg(left).arg(right)));
  }

  // Several series and no --series: a screenshot cannot ask, so it names the choice; --series opens one.
  void dicomFolderWithSeveralSeries() {
    SLICEWISE_REQUIRE_DATA("dicom-seg/ct-3slice");
    SLICEWISE_REQUIRE_DATA("ct-abdomen-dicom/dicom");
    const QString dir = slicewise::test::scratchDir();
    for (const QString& sub : {QString("dicom-seg/ct-3slice"), QString("ct-abdomen-dicom/dicom")}) {
      const QDir from(slicewise::test::sharedData(sub));
      QDir(dir).mkpath(sub);
      for (const QString& f : from.entryList(QDir::Files)) QFile::copy(from.filePath(f), dir + "/" + sub + "/" + f);
    }
    const QString out = dir + "/two.png";
    const Run ask = runGui({dir, "--screenshot", out, "--size", "400x300"});
    QCOMPARE(ask.exitCode, 1);
    QVERIFY2(ask.err.contains("series") && ask.err.count('\n') == 1, ask.err.constData());
    const Run chosen = runGui({dir, "--series", "1.2.392.200103.20080913.113635.1.2009.6.22.21.43.10.23430.1",
                               "--screenshot", out, "--size", "400x300", "--no-panels"});
    QVERIFY2(chosen.exitCode == 0, chosen.err.constData());
    QCOMPARE(QImage(out).size(), QSize(400, 300));
  }

  // A label map on another grid: refused with the flag that helps, which the window accepts.
  void labelsOnAnotherGridNeedTheResampleFlag() {
    SLICEWISE_REQUIRE_DATA("mri-brain-8labels/MRIcrop-orig.nii.gz");
    SLICEWISE_REQUIRE_DATA("ct-head/cranium_threshold_masks.nii.gz");
    const QString out = slicewise::test::scratchDir() + "/resampled.png";
    QStringList args{slicewise::test::sharedData("mri-brain-8labels/MRIcrop-orig.nii.gz"), "--labels",
                     slicewise::test::sharedData("ct-head/cranium_threshold_masks.nii.gz"),
                     "--screenshot", out, "--size", "400x300", "--no-panels"};
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
