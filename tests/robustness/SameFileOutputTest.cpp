// An output that is one of the command's inputs (same device and inode: the same path, a
// symlink, a hard link) is refused with exit 1 and one line, for every command that writes.
// Before, predict --out = --image turned the image into a label map, study export wrote over the
// study's image and seg-export over a slice of its series, all with exit 0.
#include <QDir>
#include <QFile>
#include <QTest>
#include <unistd.h>

#include "ChildProcess.h"
#include "RobustnessFixtures.h"

using namespace slicewise::test;

class SameFileOutputTest : public QObject {
  Q_OBJECT
  Fixtures f_;

  // Runs `args` and checks the refusal; `victim` must keep its bytes.
  void refused(const QString& what, const QStringList& args, const QString& victim) {
    const QByteArray before = fileBytes(victim);
    QVERIFY(before != "<absent>");
    const ChildResult r = runCliChild(args);
    const QString detail = what + ": exit " + QString::number(r.exitCode) + ", " + QString::fromUtf8(r.err);
    QVERIFY2(r.exitCode == 1, qPrintable(detail));
    QVERIFY2(r.errLines() == 1 && r.err.contains("same file"), qPrintable(detail));
    QVERIFY2(fileBytes(victim) == before, qPrintable(what + ": the input changed"));
  }

 private Q_SLOTS:
  void initTestCase() {
    f_ = makeFixtures();
    QVERIFY(!f_.dir.isEmpty());
  }

  void convert() {
    const QString dir = scratchDir();
    const QString image = dir + "/ct.nii.gz";
    QVERIFY(QFile::copy(f_.image, image));
    QVERIFY(QFile::link(image, dir + "/link.nii.gz"));
    QVERIFY(::link(image.toLocal8Bit().constData(), (dir + "/hard.nii.gz").toLocal8Bit().constData()) == 0);
    refused("convert onto itself", {"convert", image, "--out", image}, image);
    refused("convert onto a symlink to it", {"convert", image, "--out", dir + "/link.nii.gz"}, image);
    refused("convert onto a hard link to it", {"convert", dir + "/link.nii.gz", "--out", dir + "/hard.nii.gz"}, image);
    // The sidecar written beside the output is the input's own sidecar (through a symlink).
    const QString labels = dir + "/labels.nii.gz";
    QVERIFY(QFile::copy(f_.labels, labels));
    QVERIFY(QFile::copy(QString(f_.labels).replace(".nii.gz", ".labels.json"), dir + "/labels.labels.json"));
    QVERIFY(QFile::link(dir + "/labels.labels.json", dir + "/copy.labels.json"));
    refused("convert's sidecar onto the input's", {"convert", labels, "--labels", "--out", dir + "/copy.nii.gz"},
            dir + "/labels.labels.json");
  }

  void predict() {
    const QString dir = scratchDir();
    const QString image = dir + "/ct.nii.gz", labels = dir + "/labels.nii.gz";
    QVERIFY(QFile::copy(f_.image, image));
    QVERIFY(QFile::copy(f_.labels, labels));
    const QStringList base{"predict", "--image", image, "--labels", labels, "--slices", "10,40", "--predictor", "nearest"};
    refused("predict --out = --image", base + QStringList{"--out", image}, image);
    refused("predict --out = --labels", base + QStringList{"--out", labels}, labels);
    refused("predict --confidence-out = --image", base + QStringList{"--out", dir + "/p.nii.gz", "--confidence-out", image},
            image);
    QVERIFY(!QFile::exists(dir + "/p.nii.gz"));  // refused before anything was written
  }

  void studyExportOntoTheStudysImage() {
    const QString dir = scratchDir();
    const QString image = dir + "/ct.nii.gz";
    QVERIFY(QFile::copy(f_.image, image));
    QCOMPARE(runCliChild({"study", "create", image, "--out", dir + "/study"}).exitCode, 0);
    refused("study export onto its image", {"study", "export", dir + "/study", "--out", image}, image);
  }

  void dicom() {
    const QString dir = scratchDir();
    const QString series = dir + "/series";
    QVERIFY(QDir().mkpath(series));
    for (const QString& name : QDir(f_.series).entryList(QDir::Files)) QVERIFY(QFile::copy(f_.series + "/" + name, series + "/" + name));
    const QString slice = series + "/IM005.dcm";
    refused("dicom import --out = a slice", {"dicom", "import", series, "--out", slice}, slice);
    refused("seg-export --out = a slice",
            {"dicom", "seg-export", "--labels", f_.seriesLabels, "--series", series, "--out", slice}, slice);
    const QString seg = dir + "/seg.dcm";
    QVERIFY(QFile::copy(f_.seg, seg));
    refused("seg-import --out = the SEG", {"dicom", "seg-import", seg, "--series", series, "--out", seg}, seg);
    refused("seg-import --out = a slice", {"dicom", "seg-import", seg, "--series", series, "--out", slice}, slice);
    const QString labels = dir + "/labels.nii";
    QVERIFY(QFile::copy(f_.seriesLabels, labels));
    refused("seg-export --out = --labels", {"dicom", "seg-export", "--labels", labels, "--series", series, "--out", labels},
            labels);
  }
};

QTEST_GUILESS_MAIN(SameFileOutputTest)
#include "SameFileOutputTest.moc"
