// Every file output of the CLI on a full disk: RLIMIT_FSIZE in the child (no root needed) and,
// where root may mount one, a 16 KB tmpfs. Before, convert, predict and dicom import exited 0
// with "wrote ..." over a 0-byte or cut file, and a file size limit killed the process
// (SIGXFSZ). Now: exit 1, one line, the targets as they were, no temporary left.
#include <QDir>
#include <QFile>
#include <QTest>
#include <sys/mount.h>
#include <unistd.h>

#include "ChildProcess.h"
#include "RobustnessFixtures.h"

using namespace slicewise::test;

namespace {

struct OutputCase {
  QString name;
  QStringList args;     // "%OUT%" stands for the output folder
  QStringList outputs;  // files the command writes, relative to the output folder
  uint64_t fileSizeLimit = 4096;
};

QList<OutputCase> cases(const Fixtures& f) {
  QList<OutputCase> c;
  for (const QString ext : {".nii.gz", ".nii", ".nrrd", ".mha"})
    c.append({"convert " + ext, {"convert", f.image, "--out", "%OUT%/ct" + ext}, {"ct" + ext}});
  c.append({"convert .nhdr pair", {"convert", f.image, "--out", "%OUT%/ct.nhdr"}, {"ct.nhdr", "ct.raw.gz"}});
  c.append({"convert .mhd pair", {"convert", f.image, "--out", "%OUT%/ct.mhd"}, {"ct.mhd", "ct.zraw"}});
  c.append({"convert labels + sidecar", {"convert", f.labels, "--labels", "--out", "%OUT%/l.nii"},
            {"l.nii", "l.labels.json"}});
  c.append({"predict + confidence CSV",
            {"predict", "--image", f.image, "--labels", f.labels, "--slices", "10,40", "--predictor", "nearest",
             "--out", "%OUT%/p.nii", "--confidence-out", "%OUT%/p.csv"},
            {"p.nii", "p.csv"}});
  c.append({"dicom import", {"dicom", "import", f.series, "--out", "%OUT%/s.nii"}, {"s.nii"}});
  c.append({"dicom seg-import + sidecar", {"dicom", "seg-import", f.seg, "--series", f.series, "--out", "%OUT%/l.nii"},
            {"l.nii", "l.labels.json"}});
  c.append({"dicom seg-export", {"dicom", "seg-export", "--labels", f.seriesLabels, "--series", f.series, "--out",
                                 "%OUT%/s.dcm"},
            {"s.dcm"}});
  // Opening the study maps its 32 KB shared-memory file: a limit above that, below the output.
  c.append({"study export + sidecar", {"study", "export", f.study, "--out", "%OUT%/e.nii"}, {"e.nii", "e.labels.json"},
            64 * 1024});
  c.append({"sample", {"sample", "--out", "%OUT%"}, {"sample-ct.nii.gz", "sample-labels.nii.gz", "sample-labels.labels.json"}});
  return c;
}

QStringList withFolder(QStringList args, const QString& folder) {
  for (QString& a : args) a.replace("%OUT%", folder);
  return args;
}

// A tmpfs of `kilobytes` mounted on a folder for as long as it lives.
class SmallTmpfs {
 public:
  SmallTmpfs(const QString& folder, int kilobytes) : folder_(folder) {
    const std::string options = "size=" + std::to_string(kilobytes) + "k";
    mounted_ = ::mount("tmpfs", folder.toLocal8Bit().constData(), "tmpfs", 0, options.c_str()) == 0;
  }
  ~SmallTmpfs() {
    if (mounted_) ::umount(folder_.toLocal8Bit().constData());
  }
  bool mounted() const { return mounted_; }

 private:
  QString folder_;
  bool mounted_ = false;
};

}  // namespace

class FullDiskTest : public QObject {
  Q_OBJECT
  Fixtures f_;

  // Runs every case into `folder` (with its own file size limit when `sizeLimit`), with and
  // without earlier outputs there.
  void checkEveryOutput(const QString& folder, bool sizeLimit) {
    for (const OutputCase& c : cases(f_)) {
      ChildLimits limits;
      if (sizeLimit) limits.fileSizeBytes = c.fileSizeLimit;
      for (bool earlier : {false, true}) {
        for (const QString& entry : folderEntries(folder)) QFile::remove(QDir(folder).filePath(entry));
        if (earlier)
          for (const QString& out : c.outputs) {
            QFile file(QDir(folder).filePath(out));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("earlier");
          }
        const QStringList before = folderEntries(folder);
        const ChildResult r = runCliChild(withFolder(c.args, folder), limits);
        const QString what = c.name + (earlier ? " (over earlier files)" : "") + ": " + QString::fromUtf8(r.err);
        QVERIFY2(r.signal == 0, qPrintable(what + " killed by signal " + QString::number(r.signal)));
        QVERIFY2(r.exitCode == 1, qPrintable(what + " exit " + QString::number(r.exitCode)));
        QVERIFY2(r.errLines() == 1 && r.err.contains("cannot write"), qPrintable(what));
        QCOMPARE(folderEntries(folder), before);  // nothing new, no temporary left
        for (const QString& out : c.outputs)
          QCOMPARE(fileBytes(QDir(folder).filePath(out)), earlier ? QByteArray("earlier") : QByteArray("<absent>"));
      }
    }
  }

 private Q_SLOTS:
  void initTestCase() {
    f_ = makeFixtures();
    QVERIFY(!f_.dir.isEmpty());
  }

  // Every case succeeds without a limit, so it is the limit that fails it below.
  void everyCaseWritesWithoutALimit() {
    const QString folder = scratchDir();
    for (const OutputCase& c : cases(f_)) {
      const ChildResult r = runCliChild(withFolder(c.args, folder));
      QVERIFY2(r.exitCode == 0, qPrintable(c.name + ": " + QString::fromUtf8(r.err)));
      for (const QString& out : c.outputs) QVERIFY2(QFile::exists(QDir(folder).filePath(out)), qPrintable(c.name + " " + out));
    }
  }

  // A 4 KB file size limit: every write fails with EFBIG (the CLI ignores SIGXFSZ itself).
  void fileSizeLimit() {
    checkEveryOutput(scratchDir(), true);
    ChildLimits limits;
    limits.fileSizeBytes = 4096;
    const ChildResult r = runCliChild({"convert", f_.image, "--out", scratchDir() + "/x.nii"}, limits);
    QVERIFY2(r.err.contains("the file size limit is 4.0 KB (ulimit -f)"), r.err.constData());
  }

  void fullTmpfs() {
    if (::geteuid() != 0) QSKIP("mounting a tmpfs needs root; fileSizeLimit covers a full disk without it");
    const QString folder = scratchDir();
    const SmallTmpfs tmpfs(folder, 16);
    if (!tmpfs.mounted()) QSKIP("this machine does not allow mounting a tmpfs");
    checkEveryOutput(folder, false);
    const ChildResult r = runCliChild({"convert", f_.image, "--out", folder + "/x.nii"});
    QVERIFY2(r.err.contains("No space left on device"), r.err.constData());
  }
};

QTEST_GUILESS_MAIN(FullDiskTest)
#include "FullDiskTest.moc"
