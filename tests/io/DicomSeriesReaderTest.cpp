// DICOM series import on the real abdominal CT (20 files, Explicit VR LE, 2 mm apart,
// SliceThickness 3) and on damaged, renamed and empty copies of it.
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QtTest>
#include <algorithm>

#include "model/ValueRange.h"
#include "TestData.h"
#include "io/DicomScanner.h"
#include "io/DicomSeriesReader.h"
#include "io/IoError.h"

using namespace slicewise;

namespace {

const char* kSeries = "ct-abdomen-dicom/dicom";

QStringList seriesFiles() {
  QDir dir(test::sharedData(kSeries));
  QStringList files;
  for (const QString& f : dir.entryList(QDir::Files, QDir::Name)) files << dir.filePath(f);
  return files;
}

bool anyContains(const std::vector<std::string>& lines, const std::string& needle) {
  return std::any_of(lines.begin(), lines.end(), [&](const auto& l) { return l.find(needle) != std::string::npos; });
}

const std::vector<int16_t>& voxels(const Volume& v) { return std::get<std::vector<int16_t>>(v.storage()); }

// The transfer syntax UID in the file meta header, replaced with a JPEG 2000 one: the group
// length grows by the two extra characters.
QByteArray withJpeg2000Syntax(QByteArray bytes) {
  const QByteArray oldUid("1.2.840.10008.1.2.1\0", 20), newUid("1.2.840.10008.1.2.4.90", 22);
  const int at = bytes.indexOf(QByteArray::fromHex("02001000") + "UI");
  if (at < 0 || bytes.mid(at + 8, 20) != oldUid) return {};
  bytes.replace(at + 6, 2 + 20, QByteArray::fromHex("1600") + newUid);
  uint32_t groupLength = 0;
  memcpy(&groupLength, bytes.constData() + 140, 4);  // (0002,0000) UL value after the preamble
  groupLength += 2;
  memcpy(bytes.data() + 140, &groupLength, 4);
  return bytes;
}

}  // namespace

class DicomSeriesReaderTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void ctAbdomenGeometryFromPositions() {
    SLICEWISE_REQUIRE_DATA(kSeries);
    const DicomImportResult r = importDicom(test::sharedData(kSeries).toStdString());
    const ImageGeometry& g = r.volume.geometry();
    QCOMPARE(g.size, (Index3{512, 512, 20}));
    QCOMPARE(g.spacing[0], 0.9765625);
    QCOMPARE(g.spacing[1], 0.9765625);
    QCOMPARE(g.spacing[2], 2.0);  // positions -804.5..-766.5, not SliceThickness 3
    QCOMPARE(g.origin, (Vec3{-249.51171875, -437.51171875, -804.5}));
    QCOMPARE(g.direction, (std::array<double, 9>{1, 0, 0, 0, 1, 0, 0, 0, 1}));
    QCOMPARE(r.volume.pixelType(), PixelType::Int16);
    QCOMPARE(valueRange(r.volume), (std::pair<double, double>{-1024, 1839}));  // README: HU -1024..1839
    QVERIFY(r.warnings.empty());
  }

  void houndsfieldUnitsEqualItkGdcm() {
    SLICEWISE_REQUIRE_DATA(kSeries);
    const Volume v = importDicom(test::sharedData(kSeries).toStdString()).volume;
    // Read once with ITK's GDCMImageIO + ImageSeriesReader (int16) on the same folder.
    struct Sample { int64_t i, j, k; double hu; };
    const Sample samples[] = {{0, 0, 0, -1024}, {256, 256, 10, -47}, {100, 300, 5, 93},
                              {400, 200, 19, -1004}, {256, 300, 0, 317}, {300, 250, 12, 22}};
    for (const Sample& s : samples) QCOMPARE(v.valueAt(s.i, s.j, s.k), s.hu);
  }

  void renamedAndShuffledFilesGiveTheSameVolume() {
    SLICEWISE_REQUIRE_DATA(kSeries);
    const DicomImportResult original = importDicom(test::sharedData(kSeries).toStdString());
    const QString dir = test::scratchDir();
    QStringList files = seriesFiles();
    std::shuffle(files.begin(), files.end(), std::mt19937(7));
    for (int n = 0; n < files.size(); ++n) {
      const QString sub = QString("%1/part%2").arg(dir).arg(n % 3);
      QDir().mkpath(sub);
      QVERIFY(QFile::copy(files[n], QString("%1/x%2").arg(sub).arg((n * 37) % 101)));  // no .dcm
    }
    const DicomImportResult copy = importDicom(dir.toStdString());
    QVERIFY(copy.volume.geometry().sameGrid(original.volume.geometry(), 0.0));
    QVERIFY(voxels(copy.volume) == voxels(original.volume));
  }

  void corruptCopiesAreSkippedAndListed() {
    SLICEWISE_REQUIRE_DATA(kSeries);
    const QString dir = test::scratchDir();
    const QStringList files = seriesFiles();
    for (const QString& f : files) QVERIFY(QFile::copy(f, dir + "/" + QFileInfo(f).fileName()));
    // Slice 10 of 20 (z = -785.5 in the middle) cut in half, a file of garbage after a DICOM
    // preamble, and a text file.
    const QString cut = dir + "/" + QFileInfo(files[9]).fileName();
    QFile::resize(cut, QFileInfo(cut).size() / 2);
    QFile garbage(dir + "/garbage.dcm");
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    QByteArray bytes(128, '\0');
    bytes += "DICM";
    for (int n = 0; n < 2000; ++n) bytes += char(QRandomGenerator(n).generate() & 0xff);
    garbage.write(bytes);
    garbage.close();
    QFile text(dir + "/notes.txt");
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("not an image\n");
    text.close();

    const DicomScanReport scan = scanDicom(dir.toStdString());
    QCOMPARE(scan.filesSeen, 22);
    QCOMPARE(scan.notDicom, 1);
    QCOMPARE(scan.unreadable.size(), size_t(2));
    const DicomImportResult r = importDicom(dir.toStdString());
    QCOMPARE(r.volume.geometry().size[2], int64_t(19));
    QVERIFY(anyContains(r.warnings, "skipped '" + cut.toStdString() + "': truncated"));
    QVERIFY(anyContains(r.warnings, "garbage.dcm"));
    QVERIFY(anyContains(r.warnings, "missing slices: 1 gap(s)"));
    QVERIFY(anyContains(r.warnings, "1 file(s) that are not DICOM"));
  }

  // A file that ends right before its pixel data element parses as a whole header: it is a
  // damaged slice, skipped and named, not counted among the non-image objects.
  void fileCutBeforeItsPixelDataIsListed() {
    SLICEWISE_REQUIRE_DATA(kSeries);
    const QString dir = test::scratchDir();
    const QStringList files = seriesFiles();
    for (const QString& f : files) QVERIFY(QFile::copy(f, dir + "/" + QFileInfo(f).fileName()));
    const QString cut = dir + "/" + QFileInfo(files[4]).fileName();
    QFile file(cut);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const qsizetype pixelTag = file.readAll().lastIndexOf(QByteArray("\xE0\x7F\x10\x00", 4));
    file.close();
    QVERIFY(pixelTag > 132);
    QVERIFY(QFile::setPermissions(cut, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    QVERIFY(QFile::resize(cut, pixelTag));

    const DicomScanReport scan = scanDicom(dir.toStdString());
    QCOMPARE(scan.filesSeen, 20);
    QCOMPARE(scan.nonImage, 0);
    QCOMPARE(scan.unreadable.size(), size_t(1));
    QCOMPARE(scan.unreadable[0].file, cut.toStdString());
    const DicomImportResult r = importDicom(dir.toStdString());
    QCOMPARE(r.volume.geometry().size[2], int64_t(19));
    QVERIFY(anyContains(r.warnings, "skipped '" + cut.toStdString() + "': truncated"));
  }

  void dicomdirFindsItsFiles() {
    const QString dicomdir = QFINDTESTDATA("data/dicomdir/DICOMDIR");
    QVERIFY(!dicomdir.isEmpty());
    const DicomImportResult r = importDicom(dicomdir.toStdString());
    QVERIFY(r.warnings.empty());
    QCOMPARE(r.volume.geometry().size, (Index3{16, 16, 2}));
    QCOMPARE(r.volume.geometry().spacing, (Vec3{0.5, 0.5, 2.0}));
    // Slice 0: unsigned 12-bit stored (i*37) % 4096, intercept -1024.
    QCOMPARE(r.volume.valueAt(1, 0, 0), 37.0 - 1024.0);
    QCOMPARE(r.volume.valueAt(0, 2, 0), double((32 * 37) % 4096) - 1024.0);
    // Slice 1: signed 12-bit MONOCHROME1, stored (i*37 + 101) % 4096 read as two's complement,
    // mirrored (-1 - s) so that higher is brighter, then intercept -1024.
    QCOMPARE(r.volume.valueAt(0, 0, 1), -1.0 - 101.0 - 1024.0);
    const int raw = (60 * 37 + 101) % 4096;  // 2321: negative in 12 bits
    QCOMPARE(r.volume.valueAt(60 % 16, 60 / 16, 1), -1.0 - (raw - 4096) - 1024.0);
  }

  void compressedSyntaxesDecodeToTheNativeVoxels() {
    const Volume native = importDicom(QFINDTESTDATA("../fuzz/corpus/native-explicit.dcm").toStdString()).volume;
    QCOMPARE(native.geometry().size, (Index3{16, 16, 1}));
    for (const char* name : {"native-implicit", "rle", "jpeg-lossless", "jpeg-ls"}) {
      const QString file = QFINDTESTDATA(QString("../fuzz/corpus/%1.dcm").arg(name));
      const Volume v = importDicom(file.toStdString()).volume;
      QVERIFY2(voxels(v) == voxels(native), name);
    }
  }

  void enhancedMultiFrameUsesItsFunctionalGroups() {
    const DicomImportResult r = importDicom(QFINDTESTDATA("../fuzz/corpus/enhanced-multiframe.dcm").toStdString());
    const ImageGeometry& g = r.volume.geometry();
    QCOMPARE(g.size, (Index3{16, 16, 2}));
    QCOMPARE(g.spacing, (Vec3{0.5, 0.5, 2.0}));
    QCOMPARE(g.origin, (Vec3{-4, -4, 10}));
    QCOMPARE(r.volume.pixelType(), PixelType::Float32);  // RescaleSlope 0.5
    // Frames are stored top first: frame 1 (values i*13 - 2000 for i >= 256) lies at z = 10.
    QCOMPARE(r.volume.valueAt(0, 0, 0), (256 * 13 - 2000) * 0.5);
    QCOMPARE(r.volume.valueAt(0, 0, 1), -2000 * 0.5);
  }

  void gantryTiltIsResampledOntoTheUntiltedGrid() {
    SLICEWISE_REQUIRE_DATA(kSeries);
    const Volume straight = importDicom(test::sharedData(kSeries).toStdString()).volume;
    // Copies whose y position grows 0.5 mm per 2 mm slice step (a 14.04 degree tilt); the value
    // keeps its 13 characters, so the element length stays valid.
    const QString dir = test::scratchDir();
    const QByteArray prefix = "-249.51171875\\-437.51171875\\";
    for (const QString& f : seriesFiles()) {
      QFile in(f);
      QVERIFY(in.open(QIODevice::ReadOnly));
      QByteArray bytes = in.readAll();
      const int at = bytes.indexOf(prefix);
      QVERIFY(at > 0);
      const int zStart = at + prefix.size();
      int zEnd = zStart;
      while (zEnd < bytes.size() && (isdigit(bytes[zEnd]) || bytes[zEnd] == '.' || bytes[zEnd] == '-')) ++zEnd;
      const double z = bytes.mid(zStart, zEnd - zStart).toDouble();
      const QByteArray y = QByteArray::number(-437.51171875 + 0.25 * (z + 804.5), 'f', 8);
      QCOMPARE(y.size(), 13);
      bytes.replace(at + 14, 13, y);
      QFile out(dir + "/" + QFileInfo(f).fileName());
      QVERIFY(out.open(QIODevice::WriteOnly));
      out.write(bytes);
    }
    const DicomImportResult tilted = importDicom(dir.toStdString());
    QVERIFY(anyContains(tilted.warnings, "gantry tilt of 14.04 degrees"));
    QVERIFY(tilted.volume.geometry().sameGrid(straight.geometry(), 1e-6));
    // Slice 0 is the reference and stays as it is.
    QCOMPARE(tilted.volume.valueAt(200, 300, 0), straight.valueAt(200, 300, 0));
    // Slice 4 lies 2 mm = 2.048 rows further along y: voxel (i, j) takes row j - 2.048 of the
    // scanner's slice, interpolated linearly between rows 297 and 298 for j = 300.
    for (int64_t i : {150, 256, 330}) {
      const double f = 300 - 2.048 - 297;
      const double expected = (1 - f) * straight.valueAt(i, 297, 4) + f * straight.valueAt(i, 298, 4);
      QCOMPARE(tilted.volume.valueAt(i, 300, 4), double(std::lround(expected)));
    }
  }

  void emptyFolderIsNamed() {
    const QString dir = test::scratchDir();
    try {
      importDicom(dir.toStdString());
      QFAIL("an empty folder imported");
    } catch (const IoError& e) {
      QVERIFY2(std::string(e.what()).find("no DICOM image series in") != std::string::npos, e.what());
    }
  }

  void undecodableTransferSyntaxIsNamed() {
    SLICEWISE_REQUIRE_DATA(kSeries);
    const QString dir = test::scratchDir();
    QFile in(seriesFiles().front());
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray changed = withJpeg2000Syntax(in.readAll());
    QVERIFY(!changed.isEmpty());
    QFile out(dir + "/j2k.dcm");
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(changed);
    out.close();
    try {
      importDicom(dir.toStdString());
      QFAIL("a JPEG 2000 file imported");
    } catch (const IoError& e) {
      QVERIFY2(std::string(e.what()).find("unsupported transfer syntax JPEG 2000") != std::string::npos, e.what());
    }
  }
};

QTEST_GUILESS_MAIN(DicomSeriesReaderTest)
#include "DicomSeriesReaderTest.moc"
