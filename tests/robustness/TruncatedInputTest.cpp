// Raw MetaImage and NRRD files shorter than their header says (an interrupted copy) are refused
// by every command that reads them, in one line, as truncated NIfTI already was. Before, the
// MetaImage reader filled the missing voxels with zeros and exited 0.
#include <QDir>
#include <QFile>
#include <QTest>

#include "ChildProcess.h"
#include "RobustnessFixtures.h"

using namespace slicewise::test;

class TruncatedInputTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void everyReaderRefusesThem() {
    const QString dir = scratchDir();
    const QByteArray half(48 * 40 * 20 * 2 / 2, '\x03');  // half of 48x40x20 int16
    const QByteArray meta = "ObjectType = Image\nNDims = 3\nDimSize = 48 40 20\nElementType = MET_SHORT\nElementDataFile = ";
    const QByteArray nrrd = "NRRD0004\ntype: short\ndimension: 3\nsizes: 48 40 20\nendian: little\nencoding: raw\n";
    const auto write = [&](const QString& name, const QByteArray& bytes) {
      QFile f(dir + "/" + name);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(bytes);
    };
    write("a.mha", meta + "LOCAL\n" + half);
    write("b.mhd", meta + "b.raw\n");
    write("b.raw", half);
    write("c.nrrd", nrrd + "\n" + half);
    write("d.nhdr", nrrd + "data file: d.raw\n");
    write("d.raw", half);
    for (const char* name : {"a.mha", "b.mhd", "c.nrrd", "d.nhdr"}) {
      const QString path = dir + "/" + name;
      for (const QStringList& args : {QStringList{"info", path}, QStringList{"labels", "info", path},
                                      QStringList{"convert", path, "--out", dir + "/out.nii"},
                                      QStringList{"select", path, "--count", "3"}}) {
        const ChildResult r = runCliChild(args);
        const QString detail = args.join(' ') + ": " + QString::fromUtf8(r.err);
        QVERIFY2(r.exitCode == 1 && r.errLines() == 1, qPrintable(detail));
        // 48 * 40 * 20 * 2 = 76800 bytes = 75.0 KB claimed, 37.5 KB there.
        QVERIFY2(r.err.contains("claims 48x40x20 short (75.0 KB)") && r.err.contains("only 37.5 KB of voxel data"),
                 qPrintable(detail));
      }
      QVERIFY(!QFile::exists(dir + "/out.nii"));
    }
  }
};

QTEST_GUILESS_MAIN(TruncatedInputTest)
#include "TruncatedInputTest.moc"
