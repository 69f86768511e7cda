#include <QDir>
#include <QFile>
#include <QTest>
#include <cmath>

#include "TestData.h"
#include "model/LabelResampling.h"
#include "io/ImageIO.h"
#include "io/IoError.h"
#include "io/LabelDescriptionIO.h"
#include "io/LabelMapLoader.h"

using namespace slicewise;

namespace {

// Oblique, anisotropic, off-origin: every geometry field has to survive a round trip.
ImageGeometry obliqueGrid() {
  ImageGeometry g;
  g.size = {7, 5, 4};
  g.spacing = {0.75, 1.25, 2.5};
  g.origin = {-12.5, 30.25, -804.5};
  const double c = std::cos(0.3), s = std::sin(0.3);
  g.direction = {c, -s, 0, s, c, 0, 0, 0, 1};
  return g;
}

template <class T>
std::vector<T> ramp(size_t n, double scale, double offset) {
  std::vector<T> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = T(double(i) * scale + offset);
  return v;
}

void compareGeometry(const ImageGeometry& a, const ImageGeometry& b, double tol) {
  QCOMPARE(a.size, b.size);
  for (size_t d = 0; d < 3; ++d) {
    QVERIFY(std::abs(a.spacing[d] - b.spacing[d]) <= tol);
    QVERIFY(std::abs(a.origin[d] - b.origin[d]) <= tol);
  }
  for (size_t d = 0; d < 9; ++d) QVERIFY(std::abs(a.direction[d] - b.direction[d]) <= tol);
}

}  // namespace

class ImageIOTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void roundTripEveryFormat_data() {
    QTest::addColumn<QString>("extension");
    QTest::addColumn<double>("tolerance");  // NIfTI keeps geometry as float32
    QTest::newRow("nii") << ".nii" << 1e-5;
    QTest::newRow("nii.gz") << ".nii.gz" << 1e-5;
    QTest::newRow("nrrd") << ".nrrd" << 1e-12;
    QTest::newRow("nhdr") << ".nhdr" << 1e-12;
    QTest::newRow("mha") << ".mha" << 1e-12;
    QTest::newRow("mhd") << ".mhd" << 1e-12;
  }
  void roundTripEveryFormat() {
    QFETCH(QString, extension);
    QFETCH(double, tolerance);
    const QString dir = test::scratchDir();
    const ImageGeometry g = obliqueGrid();
    const std::vector<Volume> inputs{Volume(g, ramp<int16_t>(g.voxelCount(), 7, -1024)),
                                     Volume(g, ramp<uint16_t>(g.voxelCount(), 300, 0)),
                                     Volume(g, ramp<uint8_t>(g.voxelCount(), 1, 3)),
                                     Volume(g, ramp<float>(g.voxelCount(), 0.37, -5.5))};
    int n = 0;
    for (const Volume& in : inputs) {
      const std::string path = QDir(dir).filePath("img" + QString::number(n++) + extension).toStdString();
      writeImage(in, path);
      const Volume out = readImage(path);
      QCOMPARE(out.pixelType(), in.pixelType());
      QVERIFY(out.storage() == in.storage());
      compareGeometry(out.geometry(), g, tolerance);
    }
    LabelVolume labels(g, ramp<Label>(g.voxelCount(), 311, 0));  // ids above 255 stay uint16
    const std::string lpath = QDir(dir).filePath("labels" + extension).toStdString();
    writeLabelMap(labels, lpath);
    const LabelVolume back = readLabelMap(lpath);
    QVERIFY(back.data() == labels.data());
    compareGeometry(back.geometry(), g, tolerance);
  }

  // Header-only geometry against the README's literals (ct-abdomen labels are stored LAS).
  void geometryIsReadFromTheHeaderAlone() {
    SLICEWISE_REQUIRE_DATA("ct-abdomen-dicom/example_seg_dicom.nii.gz");
    const ImageGeometry g =
        readImageGeometry(test::sharedData("ct-abdomen-dicom/example_seg_dicom.nii.gz").toStdString());
    QCOMPARE(g.size, (Index3{512, 512, 20}));
    QCOMPARE(g.spacing[0], 0.9765625);
    QCOMPARE(g.spacing[2], 2.0);
    // NIfTI srow: x = -0.9765625 i + 249.51171875, y = 0.9765625 j - 61.51171875, z = 2k - 804.5 (RAS).
    QCOMPARE(g.origin, (Vec3{-249.51171875, 61.51171875, -804.5}));
    QCOMPARE(g.direction, (std::array<double, 9>{1, 0, 0, 0, -1, 0, 0, 0, 1}));
    SLICEWISE_REQUIRE_DATA("mri-brain-8labels/MRIcrop-orig.gipl.gz");
    const ImageGeometry brain =
        readImageGeometry(test::sharedData("mri-brain-8labels/MRIcrop-orig.gipl.gz").toStdString());
    QCOMPARE(brain.size, (Index3{78, 110, 64}));
    QCOMPARE(brain.direction, (std::array<double, 9>{1, 0, 0, 0, 1, 0, 0, 0, 1}));
  }

  void floatLabelMapsAreRoundedWithAWarning() {
    const QString dir = test::scratchDir();
    ImageGeometry g;
    g.size = {4, 1, 1};
    const std::string path = QDir(dir).filePath("float.nrrd").toStdString();
    writeImage(Volume(g, std::vector<float>{0.f, 1.f, 2.2f, 2.8f}), path);
    std::vector<std::string> warnings;
    const LabelVolume l = readLabelMap(path, &warnings);
    QCOMPARE(l.data(), (std::vector<Label>{0, 1, 2, 3}));
    QCOMPARE(warnings.size(), size_t(1));
    QVERIFY(QString::fromStdString(warnings[0]).contains("rounded"));
    QVERIFY(QString::fromStdString(warnings[0]).contains("2 voxels changed"));
    writeImage(Volume(g, std::vector<float>{0.f, -1.f, 2.f, 3.f}), path);
    QVERIFY_THROWS_EXCEPTION(IoError, readLabelMap(path));
  }

  void labelMapOffTheImageGridIsRefusedOrResampled() {
    const QString dir = test::scratchDir();
    ImageGeometry image;
    image.size = {6, 6, 4};
    ImageGeometry shifted = image;
    shifted.origin[0] = 0.5;
    LabelVolume labels(shifted);
    labels.set(2, 3, 1, 4);
    const std::string path = QDir(dir).filePath("shifted.nii.gz").toStdString();
    writeLabelMap(labels, path);
    try {
      loadLabelMapFor(image, path, false, nullptr);
      QFAIL("a label map 0.5 mm off must be refused");
    } catch (const IoError& e) {
      const QString msg = e.what();
      QVERIFY2(msg.contains("origin (0.5, 0, 0)") && msg.contains("origin (0, 0, 0)"), e.what());
      QVERIFY(msg.contains("--resample-labels"));
      QVERIFY(!msg.contains('\n'));
    }
    std::vector<std::string> warnings;
    const LabelVolume resampled = loadLabelMapFor(image, path, true, &warnings);
    QCOMPARE(warnings.size(), size_t(1));
    // Image voxel x = 2 mm is label index 1.5, which rounds (half away from zero) to label voxel 2.
    QCOMPARE(resampled.at(2, 3, 1), Label(4));
    QCOMPARE(resampled.labelCounts().at(4), uint64_t(1));
    // Within float32 precision the same grid is accepted as it is.
    ImageGeometry nearly = image;
    nearly.origin[2] = 0.00002;
    writeLabelMap(LabelVolume(nearly), path);
    QCOMPARE(loadLabelMapFor(image, path, false, nullptr).geometry().origin[2], 0.0);
  }

  void missingAndCorruptFilesGiveOneLine() {
    const QString dir = test::scratchDir();
    try {
      readImage(QDir(dir).filePath("nothing.nii").toStdString());
      QFAIL("missing file accepted");
    } catch (const IoError& e) {
      QVERIFY(QString(e.what()).startsWith("no such file"));
    }
    const QString corrupt = QDir(dir).filePath("corrupt.nii.gz");
    QFile f(corrupt);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray("\x1f\x8b\x08\x00garbage that is no gzip stream at all", 40));
    f.close();
    try {
      readImage(corrupt.toStdString());
      QFAIL("corrupt file accepted");
    } catch (const IoError& e) {
      QVERIFY(!QString(e.what()).contains('\n'));
    }
  }

  // ITK alone reads a cut-short .nii as if the missing voxels were zero and ignores a wrong
  // header size; both must be refused with one line.
  void truncatedOrMisHeadedNiftiIsRefused() {
    const QString dir = test::scratchDir();
    const ImageGeometry g = obliqueGrid();  // 7x5x4 int16: 280 bytes after a 352-byte header
    for (const QString& ext : {QString(".nii"), QString(".nii.gz")}) {
      const QString whole = QDir(dir).filePath("whole" + ext);
      writeImage(Volume(g, ramp<int16_t>(g.voxelCount(), 7, -1024)), whole.toStdString());
      QFile in(whole);
      QVERIFY(in.open(QIODevice::ReadOnly));
      const QByteArray bytes = in.readAll();
      const QString cut = QDir(dir).filePath("cut" + ext);
      QFile out(cut);
      QVERIFY(out.open(QIODevice::WriteOnly));
      out.write(bytes.left(bytes.size() - (ext == ".nii" ? 100 : bytes.size() / 3)));
      out.close();
      try {
        readImage(cut.toStdString());
        QFAIL(qPrintable("a cut-short " + ext + " was read"));
      } catch (const IoError& e) {
        QVERIFY2(QString(e.what()).contains("cut short") && !QString(e.what()).contains('\n'),
                 e.what());
      }
      QVERIFY_THROWS_EXCEPTION(IoError, readLabelMap(cut.toStdString()));
    }
    const QString whole = QDir(dir).filePath("whole.nii");
    QFile f(whole);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray bytes = f.readAll();
    QCOMPARE(bytes.size(), qsizetype(352 + 280));
    bytes[0] = char(231);  // sizeof_hdr 999 instead of 348
    bytes[1] = char(3);
    const QString misheaded = QDir(dir).filePath("misheaded.nii");
    QFile out(misheaded);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bytes);
    out.close();
    try {
      readImage(misheaded.toStdString());
      QFAIL("a header of size 999 was read");
    } catch (const IoError& e) {
      QVERIFY2(QString(e.what()).contains("header size is 999"), e.what());
    }
  }

  // README: the label map is stored LAS; voxel (107, 200, 10) is liver (label 5). By hand from
  // its affine in RAS (145.01953125, 133.80078125, -784.5), so in LPS the x and y signs flip:
  // the patient's right, where a liver is.
  void lasLabelMapVoxelLiesWhereTheAffineSays() {
    SLICEWISE_REQUIRE_DATA("ct-abdomen-dicom/example_seg_dicom.nii.gz");
    const LabelVolume l = readLabelMap(test::sharedData("ct-abdomen-dicom/example_seg_dicom.nii.gz").toStdString());
    QCOMPARE(l.geometry().size, (Index3{512, 512, 20}));
    QCOMPARE(int(l.at(107, 200, 10)), 5);
    const Vec3 p = l.geometry().indexToPhysical({107, 200, 10});
    QVERIFY(std::abs(p[0] - -145.01953125) < 1e-4);
    QVERIFY(std::abs(p[1] - -133.80078125) < 1e-4);
    QVERIFY(std::abs(p[2] - -784.5) < 1e-4);
  }

  void writingIntoAMissingFolderFailsWithOneLine() {
    const QString dir = test::scratchDir();
    const ImageGeometry g = obliqueGrid();
    const std::string path = QDir(dir).filePath("no/such/folder/x.nii.gz").toStdString();
    try {
      writeImage(Volume(g, ramp<uint8_t>(g.voxelCount(), 1, 0)), path);
      QFAIL("wrote into a missing folder");
    } catch (const IoError& e) {
      QVERIFY2(QString(e.what()).endsWith("does not exist") && QString(e.what()).contains("no/such/folder"),
               e.what());
    }
  }

  void sidecarWithOutOfRangeValuesIsRefused() {
    const QString dir = test::scratchDir();
    const auto write = [&](const QByteArray& json) {
      const QString path = QDir(dir).filePath("bad.labels.json");
      QFile f(path);
      if (!f.open(QIODevice::WriteOnly)) return std::string();
      f.write(json);
      return path.toStdString();
    };
    // 70000 would wrap to label 4464, 300 to colour 44, without a range check.
    QVERIFY_THROWS_EXCEPTION(IoError, readLabelSidecar(write(
        R"({"labels": [{"id": 70000, "name": "x", "color": [1, 2, 3]}]})")));
    QVERIFY_THROWS_EXCEPTION(IoError, readLabelSidecar(write(
        R"({"labels": [{"id": 3, "name": "x", "color": [1, 300, 3]}]})")));
    const LabelTable ok = readLabelSidecar(write(R"({"labels": [{"id": 3, "name": "x", "color": [1, 255, 3]}]})"));
    QCOMPARE(ok.find(3)->color, (Rgb{1, 255, 3}));
  }

  void itkSnapLabelFileIsRead() {
    SLICEWISE_REQUIRE_DATA("mri-brain-8labels/MRIcrop-seg.label");
    const LabelTable t = readLabelDescriptions(test::sharedData("mri-brain-8labels/MRIcrop-seg.label").toStdString());
    QCOMPARE(t.size(), size_t(11));  // 1..11; 0 "Clear" is the background
    QCOMPARE(QString::fromStdString(t.find(1)->name), QString("vent-lat"));
    QCOMPARE(t.find(1)->color, (Rgb{0, 30, 255}));
    QCOMPARE(QString::fromStdString(t.find(8)->name), QString("corpus-callosum"));
    QCOMPARE(t.find(8)->color, (Rgb{255, 8, 186}));
  }

  void sidecarIsWrittenBesideTheLabelMap() {
    const QString dir = test::scratchDir();
    LabelTable t;
    t.set({5, "liver", {221, 130, 101}, true, true});
    const std::string labels = QDir(dir).filePath("seg.nii.gz").toStdString();
    QCOMPARE(QString::fromStdString(sidecarPathFor(labels)), QDir(dir).filePath("seg.labels.json"));
    writeLabelSidecar(t, sidecarPathFor(labels));
    QFile f(QDir(dir).filePath("seg.labels.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.contains("\"format\": \"slicewise-labels\""));
    QVERIFY(text.contains("\"name\": \"liver\""));
    const auto back = readSidecarFor(labels);
    QVERIFY(back.has_value());
    QCOMPARE(back->find(5)->color, (Rgb{221, 130, 101}));
    QVERIFY(back->find(5)->locked);
  }
};

QTEST_GUILESS_MAIN(ImageIOTest)
#include "ImageIOTest.moc"
