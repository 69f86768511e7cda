// FIFOs, devices and DICOMDIR entries that leave their folder. Before, `dicom list` on a
// DICOMDIR naming a FIFO or /dev/stdin hung, `info` on a FIFO hung, and entries such as
// "../outside/IM1" or "/etc/passwd" were opened. Each run here has 30 s; none may time out.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <sys/stat.h>

#include "ChildProcess.h"
#include "RobustnessFixtures.h"

using namespace slicewise::test;

namespace {

ChildLimits quick() {
  ChildLimits l;
  l.timeoutMs = 30000;
  return l;
}

// The fixture DICOMDIR with its two image records replaced by one record per id in `ids`.
bool writeDicomDir(const QString& source, const QString& target, const QStringList& ids) {
  DcmFileFormat ff;
  if (ff.loadFile(source.toStdString().c_str()).bad()) return false;
  DcmSequenceOfItems* records = nullptr;
  if (ff.getDataset()->findAndGetSequence(DCM_DirectoryRecordSequence, records).bad() || !records) return false;
  DcmItem* image = nullptr;
  for (unsigned long i = records->card(); i-- > 0;) {
    OFString type;
    records->getItem(i)->findAndGetOFString(DCM_DirectoryRecordType, type);
    if (type != "IMAGE") continue;
    delete image;
    image = records->remove(i);  // the scan reads the records, not the offsets between them
  }
  if (!image) return false;
  for (const QString& id : ids) {
    auto* record = new DcmItem(*image);
    record->putAndInsertString(DCM_ReferencedFileID, id.toStdString().c_str());
    records->insert(record);
  }
  delete image;
  return ff.saveFile(target.toStdString().c_str()).good();
}

}  // namespace

class IrregularInputTest : public QObject {
  Q_OBJECT
  Fixtures f_;
  QString fixtureDicomDir_;

 private Q_SLOTS:
  void initTestCase() {
    f_ = makeFixtures();
    QVERIFY(!f_.dir.isEmpty());
    fixtureDicomDir_ = QFINDTESTDATA("../io/data/dicomdir");
    QVERIFY(!fixtureDicomDir_.isEmpty());
  }

  void fifoAndDevicesAsImages() {
    const QString fifo = scratchDir() + "/pipe.nii.gz";
    QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
    for (const QStringList& args : {QStringList{"info", fifo}, QStringList{"labels", "info", fifo},
                                    QStringList{"convert", fifo, "--out", scratchDir() + "/x.nii"},
                                    QStringList{"info", "/dev/zero"}}) {
      const ChildResult r = runCliChild(args, quick());
      QVERIFY2(!r.timedOut, qPrintable(args.join(' ') + " hung"));
      QVERIFY2(r.exitCode == 1 && r.errLines() == 1 && r.err.contains("not a regular file"), r.err.constData());
    }
    const ChildResult seg = runCliChild({"dicom", "seg-import", fifo, "--series", f_.series, "--out", scratchDir() + "/l.nii"}, quick());
    QVERIFY2(!seg.timedOut && seg.exitCode == 1 && seg.err.contains("not a regular file (a FIFO)"), seg.err.constData());
  }

  // IM0 inside; IM1 outside the folder (reached by "..", an absolute path and a symlink); a
  // FIFO; devices. Only IM0 may be read: one series of one image.
  void dicomDirEntriesStayInsideTheFolder() {
    const QString root = scratchDir();
    const QString inside = root + "/media", outside = root + "/outside";
    QVERIFY(QDir().mkpath(inside + "/SERIES") && QDir().mkpath(outside));
    QVERIFY(QFile::copy(fixtureDicomDir_ + "/SERIES/IM0", inside + "/SERIES/IM0"));
    QVERIFY(QFile::copy(fixtureDicomDir_ + "/SERIES/IM1", outside + "/IM1"));
    QCOMPARE(::mkfifo((inside + "/SERIES/PIPE").toLocal8Bit().constData(), 0600), 0);
    QVERIFY(QFile::link(outside + "/IM1", inside + "/SERIES/LINK"));
    QVERIFY(writeDicomDir(fixtureDicomDir_ + "/DICOMDIR", inside + "/DICOMDIR",
                          {"SERIES\\IM0", "..\\outside\\IM1", outside + "/IM1", "SERIES\\LINK", "SERIES\\PIPE",
                           "/dev/stdin", "/dev/zero", "/etc/passwd"}));
    const ChildResult r = runCliChild({"dicom", "list", inside + "/DICOMDIR", "--json"}, quick());
    QVERIFY2(!r.timedOut, "dicom list hung on the DICOMDIR");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray series = QJsonDocument::fromJson(r.out).object()["series"].toArray();
    QCOMPARE(series.size(), 1);
    QCOMPARE(series[0].toObject()["images"].toInt(), 1);
    const ChildResult imported = runCliChild({"dicom", "import", inside + "/DICOMDIR", "--out", root + "/one.nii"}, quick());
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    QVERIFY2(imported.err.contains("outside its folder"), imported.err.constData());
    QVERIFY2(imported.err.contains("not a regular file (a FIFO)"), imported.err.constData());
  }

  // The folder scan meets a FIFO, a symlink to /dev/stdin and one to a file outside.
  void folderScanOpensOnlyRegularFilesInside() {
    const QString root = scratchDir();
    const QString folder = root + "/scan";
    QVERIFY(QDir().mkpath(folder) && QDir().mkpath(root + "/outside"));
    QVERIFY(QFile::copy(fixtureDicomDir_ + "/SERIES/IM0", folder + "/IM0"));
    QVERIFY(QFile::copy(fixtureDicomDir_ + "/SERIES/IM1", root + "/outside/IM1"));
    QCOMPARE(::mkfifo((folder + "/PIPE").toLocal8Bit().constData(), 0600), 0);
    QVERIFY(QFile::link("/dev/stdin", folder + "/stdin"));
    QVERIFY(QFile::link(root + "/outside/IM1", folder + "/LINK"));
    const ChildResult r = runCliChild({"dicom", "list", folder, "--json"}, quick());
    QVERIFY2(!r.timedOut, "dicom list hung on the folder");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray series = QJsonDocument::fromJson(r.out).object()["series"].toArray();
    QCOMPARE(series.size(), 1);
    QCOMPARE(series[0].toObject()["images"].toInt(), 1);
  }
};

QTEST_GUILESS_MAIN(IrregularInputTest)
#include "IrregularInputTest.moc"
