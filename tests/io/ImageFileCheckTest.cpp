// Image files checked against their headers: truncated raw data, headers claiming more than the
// file or the machine holds, NIfTI spacings that are not positive numbers, FIFOs; and writes
// that leave exactly the files of the format, under any name.
#include <QDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <zlib.h>

#include "TestData.h"
#include "io/ImageDataLayout.h"
#include "io/ImageIO.h"
#include "io/IoError.h"

using namespace slicewise;
namespace fs = std::filesystem;

namespace {

void writeBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string gz(const std::string& bytes) {
  uLongf size = compressBound(uLong(bytes.size())) + 32;
  std::string out(size, '\0');
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);  // gzip wrapper
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = uInt(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A NIfTI-1 header for a dims[0] x dims[1] x dims[2] uint8 image (vox_offset 352).
std::string niftiHeader(int nx, int ny, int nz, float dx, float dy, float dz, short qform = 1) {
  std::string h(352, '\0');
  auto put = [&](size_t at, const auto& v) { std::memcpy(h.data() + at, &v, sizeof v); };
  put(0, int32_t(348));
  const int16_t dim[8] = {3, int16_t(nx), int16_t(ny), int16_t(nz), 1, 1, 1, 1};
  std::memcpy(h.data() + 40, dim, sizeof dim);
  put(70, int16_t(2));  // DT_UINT8
  put(72, int16_t(8));
  const float pixdim[8] = {1, dx, dy, dz, 1, 1, 1, 1};
  std::memcpy(h.data() + 76, pixdim, sizeof pixdim);
  put(108, 352.0f);
  put(252, qform);
  std::memcpy(h.data() + 344, "n+1", 4);
  return h;
}

std::vector<std::string> entries(const QString& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.toStdString())) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Reads `path` and returns the IoError's message ("" when it was read).
std::string readError(const std::string& path) {
  try {
    readImage(path);
    return {};
  } catch (const IoError& e) {
    return e.what();
  }
}

const std::string kHalf(64 * 64 * 16 * 2 / 2, '\x01');  // half of a 64x64x16 int16 image

}  // namespace

class ImageFileCheckTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // Before, ITK's MetaImage reader filled the missing half with zeros and exit was 0.
  void truncatedRawFilesAreRefused_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("dataFile");  // empty: attached
    const QString meta = "ObjectType = Image\nNDims = 3\nDimSize = 64 64 16\nElementType = MET_SHORT\nElementDataFile = %1\n";
    const QString nrrd = "NRRD0004\ntype: short\ndimension: 3\nsizes: 64 64 16\nendian: little\nencoding: raw\n%1\n";
    QTest::newRow("mha") << "cut.mha" << meta.arg("LOCAL") << "";
    QTest::newRow("mhd") << "cut.mhd" << meta.arg("cut.raw") << "cut.raw";
    QTest::newRow("nrrd") << "cut.nrrd" << nrrd.arg("") << "";
    QTest::newRow("nhdr") << "cut.nhdr" << nrrd.arg("data file: cut.raw\n") << "cut.raw";
  }
  void truncatedRawFilesAreRefused() {
    QFETCH(QString, name);
    QFETCH(QString, header);
    QFETCH(QString, dataFile);
    const QString dir = test::scratchDir();
    const std::string path = QDir(dir).filePath(name).toStdString();
    if (dataFile.isEmpty()) {
      writeBytes(path, header.toStdString() + kHalf);
    } else {
      writeBytes(path, header.toStdString());
      writeBytes(QDir(dir).filePath(dataFile).toStdString(), kHalf);
    }
    const std::string e = readError(path);
    // 64 * 64 * 16 * 2 = 131072 bytes claimed = 128.0 KB; 64.0 KB there.
    QVERIFY2(e.find("claims 64x64x16 short (128.0 KB)") != std::string::npos, e.c_str());
    QVERIFY2(e.find("only 64.0 KB of voxel data") != std::string::npos, e.c_str());
    QVERIFY2(e.find("cut short") != std::string::npos, e.c_str());
  }

  // 4000 x 1500 x 500 uint8 = 2.8 GB claimed by a file of about 1 KB: refused from the header,
  // by bytes (raw) or by deflate's 1032:1 limit (compressed), before anything is allocated.
  void headerBombsAreRefusedBeforeAllocating_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    const std::string nrrdRaw = "NRRD0004\ntype: uint8\ndimension: 3\nsizes: 4000 1500 500\nencoding: raw\n\n";
    const std::string nrrdGz = "NRRD0004\ntype: uint8\ndimension: 3\nsizes: 4000 1500 500\nencoding: gzip\n\n";
    const std::string mha = "ObjectType = Image\nNDims = 3\nDimSize = 4000 1500 500\nElementType = MET_UCHAR\n"
                            "ElementDataFile = LOCAL\n";
    const std::string kilo(1000, '\0');
    auto bytes = [](const std::string& s) { return QByteArray(s.data(), qsizetype(s.size())); };
    QTest::newRow("nrrd raw") << "bomb.nrrd" << bytes(nrrdRaw + kilo) << "only 1000 bytes of voxel data";
    QTest::newRow("nrrd gzip") << "bomb-gz.nrrd" << bytes(nrrdGz + gz(std::string(100000, '\0')))
                               << "can hold at most";
    QTest::newRow("mha") << "bomb.mha" << bytes(mha + kilo) << "only 1000 bytes of voxel data";
    QTest::newRow("nii") << "bomb.nii" << bytes(niftiHeader(4000, 1500, 500, 1, 1, 1) + kilo)
                         << "only 1000 bytes of voxel data";
    QTest::newRow("nii.gz") << "bomb.nii.gz" << bytes(gz(niftiHeader(4000, 1500, 500, 1, 1, 1) + kilo))
                            << "can hold at most";
  }
  void headerBombsAreRefusedBeforeAllocating() {
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const std::string path = QDir(test::scratchDir()).filePath(name).toStdString();
    writeBytes(path, bytes.toStdString());
    const std::string e = readError(path);
    QVERIFY2(e.find("(2.8 GB)") != std::string::npos, e.c_str());
    QVERIFY2(e.find(expected.toStdString()) != std::string::npos, e.c_str());
  }

  // NIfTI's library makes 0 and NaN spacings 1 mm, and a negative one (without qform or sform)
  // flips the axis; all silently before.
  void niftiSpacingMustBePositive() {
    const std::string dir = test::scratchDir().toStdString();
    const std::string voxels(8 * 8 * 4, '\x07');
    writeBytes(dir + "/zero.nii", niftiHeader(8, 8, 4, 1, 0, 1) + voxels);
    writeBytes(dir + "/nan.nii", niftiHeader(8, 8, 4, 1, std::nanf(""), 1) + voxels);
    writeBytes(dir + "/negative.nii", niftiHeader(8, 8, 4, 1, -2, 1, 0) + voxels);
    writeBytes(dir + "/negative-qform.nii", niftiHeader(8, 8, 4, 1, -2, 1, 1) + voxels);
    writeBytes(dir + "/fine.nii", niftiHeader(8, 8, 4, 1, 2, 1) + voxels);
    QVERIFY(readError(dir + "/zero.nii").find("voxel spacing of 0 mm along axis 2 (pixdim[2])") != std::string::npos);
    QVERIFY(readError(dir + "/nan.nii").find("voxel spacing of nan mm along axis 2") != std::string::npos);
    QVERIFY(readError(dir + "/negative.nii").find("voxel spacing of -2 mm along axis 2") != std::string::npos);
    // With a qform the standard takes the magnitude: 2 mm.
    QCOMPARE(readImage(dir + "/negative-qform.nii").geometry().spacing[1], 2.0);
    QCOMPARE(readImage(dir + "/fine.nii").geometry().spacing[1], 2.0);
  }

  // A FIFO named like an image used to block the reader forever.
  void fifoIsRefused() {
    const std::string fifo = test::scratchDir().toStdString() + "/pipe.nii";
    QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
    QVERIFY(readError(fifo).find("is not a regular file (a FIFO)") != std::string::npos);
    QVERIFY(readError("/dev/zero").find("not a regular file (a character device)") != std::string::npos);
  }

  // Before, a target named img.nii.gz failed with "cannot write ...: Success": the temporary
  // name ".PID.partial.img.nii.gz" made NIfTI's library look for an Analyze ".img" pair.
  void anyNameIsWritten_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("files");  // what the folder holds afterwards
    QTest::newRow("img.nii.gz") << "img.nii.gz" << QStringList{"img.nii.gz"};
    QTest::newRow("img.nii") << "img.nii" << QStringList{"img.nii"};
    QTest::newRow("nhdr pair") << "img.nhdr" << QStringList{"img.nhdr", "img.raw.gz"};
    QTest::newRow("mhd pair") << "img.mhd" << QStringList{"img.mhd", "img.zraw"};
    QTest::newRow("mha") << "x.img.mha" << QStringList{"x.img.mha"};
  }
  void anyNameIsWritten() {
    QFETCH(QString, name);
    QFETCH(QStringList, files);
    const QString dir = test::scratchDir();
    ImageGeometry g;
    g.size = {9, 7, 5};
    std::vector<int16_t> v(g.voxelCount());
    for (size_t i = 0; i < v.size(); ++i) v[i] = int16_t(i * 3 - 100);
    const std::string path = QDir(dir).filePath(name).toStdString();
    writeImage(Volume(g, v), path);
    std::vector<std::string> expected;
    for (const QString& f : files) expected.push_back(f.toStdString());
    std::sort(expected.begin(), expected.end());
    QCOMPARE(entries(dir), expected);
    QVERIFY(std::get<std::vector<int16_t>>(readImage(path).storage()) == v);
    // The layout names the same files, so copies and same-file checks cover the data file too.
    std::vector<std::string> layout;
    for (const auto& f : imageFilesOf(path)) layout.push_back(fs::path(f).filename().string());
    std::sort(layout.begin(), layout.end());
    QCOMPARE(layout, expected);
  }

  void layoutOfDetachedHeaders() {
    const std::string dir = test::scratchDir().toStdString();
    writeBytes(dir + "/a.nhdr", "NRRD0005\ntype: float\nsizes: 2 2 2\nencoding: gzip\nbyte skip: 12\n"
                                "data file: sub/a.raw.gz\n");
    ImageDataLayout l = imageDataLayout(dir + "/a.nhdr");
    QCOMPARE(l.dataFile, dir + "/sub/a.raw.gz");
    QCOMPARE(l.dataOffset, uint64_t(12));
    QVERIFY(l.encoding == ImageDataLayout::Encoding::Deflate);
    writeBytes(dir + "/b.mhd", "NDims = 3\nDimSize = 2 2 2\nElementType = MET_FLOAT\nHeaderSize = -1\n"
                               "ElementDataFile = b.raw\n");
    l = imageDataLayout(dir + "/b.mhd");
    QCOMPARE(l.dataFile, dir + "/b.raw");
    QVERIFY(l.offsetFromEnd);
    QVERIFY(l.encoding == ImageDataLayout::Encoding::Raw);
    writeBytes(dir + "/c.mha", "NDims = 3\nCompressedData = True\nCompressedDataSize = 77\nElementDataFile = LOCAL\nxyz");
    l = imageDataLayout(dir + "/c.mha");
    QCOMPARE(l.dataOffset, uint64_t(80));  // the four header lines: 10 + 22 + 24 + 24 bytes
    QCOMPARE(l.compressedBytes, uint64_t(77));
    writeBytes(dir + "/d.nhdr", "NRRD0004\ntype: short\nsizes: 2 2\nencoding: raw\ndata file: LIST\nd1.raw\nd2.raw\n");
    QVERIFY(imageDataLayout(dir + "/d.nhdr").encoding == ImageDataLayout::Encoding::Unchecked);
  }
};

QTEST_GUILESS_MAIN(ImageFileCheckTest)
#include "ImageFileCheckTest.moc"
