// Headers that claim far more than their file holds, run through the CLI in a child whose peak
// memory (getrusage) must stay near that of reading a small image. Before, a 1 KB NRRD claiming
// 4000x1500x500 reached 2.9 GB and two 3.5 KB RLE slices claiming 20000x20000 frames 3.1 GB.
#include <QDir>
#include <QFile>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <zlib.h>

#include "ChildProcess.h"
#include "RobustnessFixtures.h"

using namespace slicewise::test;

namespace {

void writeBytes(const QString& path, const std::string& bytes) {
  std::ofstream(path.toStdString(), std::ios::binary) << bytes;
}

std::string gzipped(size_t zeros) {
  std::string in(zeros, '\0'), out(compressBound(uLong(zeros)) + 64, '\0');
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  z.next_in = reinterpret_cast<Bytef*>(in.data());
  z.avail_in = uInt(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string niftiBomb() {
  std::string h(352, '\0');
  const int32_t size = 348;
  std::memcpy(h.data(), &size, 4);
  const int16_t dim[8] = {3, 4000, 1500, 500, 1, 1, 1, 1};
  std::memcpy(h.data() + 40, dim, sizeof dim);
  const int16_t type[2] = {2, 8};
  std::memcpy(h.data() + 70, type, sizeof type);
  const float pixdim[8] = {1, 1, 1, 1, 1, 1, 1, 1};
  std::memcpy(h.data() + 76, pixdim, sizeof pixdim);
  const float offset = 352;
  std::memcpy(h.data() + 108, &offset, 4);
  std::memcpy(h.data() + 344, "n+1", 4);
  return h + std::string(1000, '\0');
}

}  // namespace

class HeaderBombTest : public QObject {
  Q_OBJECT
  Fixtures f_;
  double baselineMb_ = 0;

  // Exit 1 with one line naming `expected`, and a peak near the baseline.
  void bounded(const QString& what, const QStringList& args, const QString& expected, ChildLimits limits = {}) {
    if (!limits.addressSpaceBytes) limits.addressSpaceBytes = uint64_t(16) << 30;  // the machine's safety net
    const ChildResult r = runCliChild(args, limits);
    qInfo("%s: exit %d, peak %.0f MB (baseline %.0f MB)", qPrintable(what), r.exitCode, r.peakMegabytes, baselineMb_);
    const QString detail = what + ": " + QString::fromUtf8(r.err);
    QVERIFY2(r.exitCode == 1 && r.errLines() == 1, qPrintable(detail));
    QVERIFY2(r.err.contains(expected.toUtf8()), qPrintable(detail));
    QVERIFY2(r.peakMegabytes < baselineMb_ + 64, qPrintable(what + ": peak " + QString::number(r.peakMegabytes) + " MB"));
  }

 private Q_SLOTS:
  void initTestCase() {
    f_ = makeFixtures();
    QVERIFY(!f_.dir.isEmpty());
    // Reading the 2 MB sample: what any read costs (libraries, the image itself).
    const ChildResult r = runCliChild({"info", f_.image});
    QCOMPARE(r.exitCode, 0);
    baselineMb_ = r.peakMegabytes;
    qInfo("baseline: info on the sample peaks at %.0f MB", baselineMb_);
  }

  void imageHeaders() {
    const QString dir = scratchDir();
    const std::string kilo(1000, '\0');
    writeBytes(dir + "/bomb.nrrd", "NRRD0004\ntype: uint8\ndimension: 3\nsizes: 4000 1500 500\nencoding: raw\n\n" + kilo);
    writeBytes(dir + "/bomb-gz.nrrd",
               "NRRD0004\ntype: uint8\ndimension: 3\nsizes: 4000 1500 500\nencoding: gzip\n\n" + gzipped(100000));
    writeBytes(dir + "/bomb.nhdr", "NRRD0004\ntype: uint8\ndimension: 3\nsizes: 4000 1500 500\nencoding: raw\n"
                                   "data file: bomb.raw\n");
    writeBytes(dir + "/bomb.raw", kilo);
    writeBytes(dir + "/bomb.mha", "ObjectType = Image\nNDims = 3\nDimSize = 4000 1500 500\nElementType = MET_UCHAR\n"
                                  "ElementDataFile = LOCAL\n" + kilo);
    writeBytes(dir + "/bomb.nii", niftiBomb());
    for (const char* name : {"bomb.nrrd", "bomb-gz.nrrd", "bomb.nhdr", "bomb.mha", "bomb.nii"}) {
      bounded(QString("info ") + name, {"info", dir + "/" + name}, "(2.8 GB)");
      bounded(QString("labels info ") + name, {"labels", "info", dir + "/" + name}, "(2.8 GB)");
    }
  }

  // A header whose data is all there (a sparse file) but more than the process may allocate:
  // refused from the header against the memory left under RLIMIT_AS.
  void moreThanTheMachineHolds() {
    if (!kAddressSpaceLimits) QSKIP("RLIMIT_AS cannot be combined with a sanitizer's shadow memory");
    const QString dir = scratchDir();
    writeBytes(dir + "/big.nhdr", "NRRD0004\ntype: uint8\ndimension: 3\nsizes: 2000 1500 1000\nencoding: raw\n"
                                  "data file: big.raw\n");
    writeBytes(dir + "/big.raw", "");
    std::filesystem::resize_file((dir + "/big.raw").toStdString(), uint64_t(2000) * 1500 * 1000);  // sparse: no disk used
    ChildLimits limits;
    limits.addressSpaceBytes = uint64_t(3) << 30;
    bounded("info on a 2.8 GB image under a 3 GB address space", {"info", dir + "/big.nhdr"},
            "of memory this process can use", limits);
  }

  // Two 3.5 KB RLE slices claiming 20000 x 20000 16-bit frames (800 MB each decoded).
  void rleSeries() {
    const QString dir = scratchDir() + "/rle";
    QVERIFY(QDir().mkpath(dir));
    writeRleBomb((dir + "/IM0.dcm").toStdString(), 20000, 20000, 1);
    writeRleBomb((dir + "/IM1.dcm").toStdString(), 20000, 20000, 1);
    bounded("dicom import of an RLE bomb", {"dicom", "import", dir, "--out", scratchDir() + "/x.nii"}, "RLE");
    // A multi-frame file claiming 1000 frames of 2000 x 2000.
    const QString multi = scratchDir() + "/multi";
    QVERIFY(QDir().mkpath(multi));
    writeRleBomb((multi + "/IM0.dcm").toStdString(), 2000, 2000, 1000);
    bounded("dicom import of a multi-frame RLE bomb", {"dicom", "import", multi, "--out", scratchDir() + "/x.nii"}, "RLE");
  }

  // A SEG whose header claims a million frames on the series' grid.
  void segFrames() {
    const QString seg = scratchDir() + "/bomb.dcm";
    QVERIFY(QFile::copy(f_.seg, seg));
    QFile file(seg);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray bytes = file.readAll();
    // NumberOfFrames (0028,0008) IS: the exported SEG holds 12 frames; make it 999999.
    const QByteArray tag("\x28\x00\x08\x00IS", 6);
    const qsizetype at = bytes.indexOf(tag);
    QVERIFY(at >= 0);
    const quint16 length = quint16(uchar(bytes[at + 6]) | uchar(bytes[at + 7]) << 8);
    QCOMPARE(length, quint16(2));  // "12"
    bytes.replace(at + 6, 4, QByteArray("\x06\x00" "999999", 8));
    file.seek(0);
    file.write(bytes);
    file.close();
    bounded("seg-import of a SEG claiming 999999 frames",
            {"dicom", "seg-import", seg, "--series", f_.series, "--out", scratchDir() + "/l.nii"}, "999999 frames");
  }
};

QTEST_GUILESS_MAIN(HeaderBombTest)
#include "HeaderBombTest.moc"
