#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <cstring>

#include "CliRunner.h"
#include "TestData.h"

using namespace slicewise::test;

namespace {
QJsonArray numbers(std::initializer_list<double> v) {
  QJsonArray a;
  for (double x : v) a.append(x);
  return a;
}
void compareArray(const QJsonArray& got, const QJsonArray& want, double tol) {
  QCOMPARE(got.size(), want.size());
  for (qsizetype i = 0; i < got.size(); ++i)
    QVERIFY2(std::abs(got[i].toDouble() - want[i].toDouble()) <= tol,
             qPrintable(QString("element %1: %2 vs %3").arg(i).arg(got[i].toDouble()).arg(want[i].toDouble())));
}
// A minimal single-file NIfTI-1: int16 voxels, dims as given, `dataBytes` zero bytes of voxels.
QByteArray niftiBytes(std::initializer_list<qint16> dims, qsizetype dataBytes, qint32 headerSize = 348) {
  QByteArray h(352, '\0');
  auto put16 = [&](int at, qint16 v) { memcpy(h.data() + at, &v, 2); };
  memcpy(h.data(), &headerSize, 4);
  put16(40, qint16(dims.size()));
  int at = 42;
  for (qint16 d : dims) {
    put16(at, d);
    at += 2;
  }
  for (; at < 56; at += 2) put16(at, 1);
  put16(70, 4);   // DT_INT16
  put16(72, 16);  // bits per voxel
  const float pixdim[8] = {1, 1, 1, 1, 1, 1, 1, 1}, offset = 352;
  memcpy(h.data() + 76, pixdim, sizeof(pixdim));
  memcpy(h.data() + 108, &offset, 4);
  memcpy(h.data() + 344, "n+1", 4);
  return h + QByteArray(dataBytes, '\0');
}
}  // namespace

class CliInfoTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // Literal geometry from each data folder's README.txt.
  void infoMatchesTheDataReadmes_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QJsonArray>("size");
    QTest::addColumn<QJsonArray>("spacing");
    QTest::addColumn<QString>("orientation");
    QTest::addColumn<QString>("pixelType");
    QTest::newRow("mri-brain image") << "mri-brain-8labels/MRIcrop-orig.nii.gz" << numbers({78, 110, 64})
                                     << numbers({1, 1, 1}) << "LPS" << "int16";
    QTest::newRow("mri-brain labels") << "mri-brain-8labels/MRIcrop-seg.nii.gz" << numbers({78, 110, 64})
                                      << numbers({1, 1, 1}) << "LPS" << "uint8";
    QTest::newRow("mri-brain gipl") << "mri-brain-8labels/MRIcrop-orig.gipl.gz" << numbers({78, 110, 64})
                                    << numbers({1, 1, 1}) << "LPS" << "int16";
    QTest::newRow("ct-abdomen labels") << "ct-abdomen-dicom/example_seg_dicom.nii.gz"
                                       << numbers({512, 512, 20}) << numbers({0.9765625, 0.9765625, 2.0})
                                       << "LAS" << "uint8";
    QTest::newRow("ct-abdomen liver") << "ct-abdomen-dicom/binary_liver_from_model.nii.gz"
                                      << numbers({512, 512, 20}) << numbers({0.9765625, 0.9765625, 2.0})
                                      << "LAS" << "uint8";
    QTest::newRow("ct-head") << "ct-head/cranium_ct.nii.gz" << numbers({256, 256, 108})
                             << numbers({0.9570312, 0.9570312, 1.5}) << "LPS" << "int16";
    QTest::newRow("ct-head masks") << "ct-head/cranium_threshold_masks.nii.gz" << numbers({256, 256, 108})
                                   << numbers({0.9570312, 0.9570312, 1.5}) << "LPS" << "uint8";
    QTest::newRow("dicom-seg liver nrrd") << "dicom-seg/liver_seg.nrrd" << numbers({512, 512, 3})
                                          << numbers({0.810547, 0.810547, 1.0}) << "LPS" << "int16";
    // README: the same grids as above ("same grid", "same affine", "the same 3-slice grid").
    QTest::newRow("mri-brain gipl labels") << "mri-brain-8labels/MRIcrop-seg.gipl.gz" << numbers({78, 110, 64})
                                           << numbers({1, 1, 1}) << "LPS" << "uint8";
    QTest::newRow("ct-abdomen spleen") << "ct-abdomen-dicom/binary_spleen_from_model.nii.gz"
                                       << numbers({512, 512, 20}) << numbers({0.9765625, 0.9765625, 2.0})
                                       << "LAS" << "uint8";
    for (const char* name : {"heart_seg", "spine_seg", "liver_spine_seg", "partial_overlaps-1",
                             "partial_overlaps-2", "partial_overlaps-3"})
      QTest::newRow(name) << QString("dicom-seg/%1.nrrd").arg(name) << numbers({512, 512, 3})
                          << numbers({0.810547, 0.810547, 1.0}) << "LPS" << "int16";
  }
  void infoMatchesTheDataReadmes() {
    QFETCH(QString, file);
    QFETCH(QJsonArray, size);
    QFETCH(QJsonArray, spacing);
    QFETCH(QString, orientation);
    QFETCH(QString, pixelType);
    SLICEWISE_REQUIRE_DATA(file);
    const CliResult r = runCli({"info", sharedData(file), "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = r.json().object();
    compareArray(j["size"].toArray(), size, 0);
    compareArray(j["spacing"].toArray(), spacing, 1e-6);
    QCOMPARE(j["orientation"].toString(), orientation);
    QCOMPARE(j["pixel_type"].toString(), pixelType);
    QCOMPARE(j["direction"].toArray().size(), 9);
    QCOMPARE(j["axes"].toArray(), (QJsonArray{"sagittal", "coronal", "axial"}));
  }

  void valueRangesMatchTheReadmes() {
    SLICEWISE_REQUIRE_DATA("mri-brain-8labels/MRIcrop-orig.nii.gz");
    QCOMPARE(runCli({"info", sharedData("mri-brain-8labels/MRIcrop-orig.nii.gz"), "--json"}).json()["range"].toArray(),
             (QJsonArray{0, 269}));
    SLICEWISE_REQUIRE_DATA("ct-head/cranium_ct.nii.gz");
    const QJsonArray head =
        runCli({"info", "--image", sharedData("ct-head/cranium_ct.nii.gz"), "--json"}).json()["range"].toArray();
    QCOMPARE(head[0].toDouble(), -1024.0);  // README: -1024..3033 over the InVesalius matrix
    QVERIFY(head[1].toDouble() <= 3033.0);
  }

  // ct-abdomen labels are stored LAS. NIfTI srow (RAS) from the header:
  //   x = -0.9765625 i + 249.51171875,  y = 0.9765625 j - 61.51171875,  z = 2 k - 804.5.
  // Voxel (107, 200, 10) is liver (label 5); by hand in RAS: (145.01953125, 133.80078125, -784.5),
  // so in LPS: (-145.01953125, -133.80078125, -784.5) — on the patient's right, as a liver is.
  void labelledVoxelPositionMatchesTheAffine() {
    SLICEWISE_REQUIRE_DATA("ct-abdomen-dicom/example_seg_dicom.nii.gz");
    const QJsonObject j = runCli({"info", sharedData("ct-abdomen-dicom/example_seg_dicom.nii.gz"), "--json"}).json().object();
    const QJsonArray o = j["origin"].toArray(), s = j["spacing"].toArray(), d = j["direction"].toArray();
    const double idx[3] = {107, 200, 10};
    double p[3];
    for (int r = 0; r < 3; ++r) {
      p[r] = o[r].toDouble();
      for (int c = 0; c < 3; ++c) p[r] += d[r * 3 + c].toDouble() * s[c].toDouble() * idx[c];
    }
    QVERIFY(std::abs(p[0] - -145.01953125) < 1e-4);
    QVERIFY(std::abs(p[1] - -133.80078125) < 1e-4);
    QVERIFY(std::abs(p[2] - -784.5) < 1e-4);
    const CliResult probe = runCli({"labels", "info", sharedData("ct-abdomen-dicom/example_seg_dicom.nii.gz"), "--json"});
    QCOMPARE(probe.exitCode, 0);
  }

  void labelCountsMatchTheReadmes() {
    SLICEWISE_REQUIRE_DATA("mri-brain-8labels/MRIcrop-seg.nii.gz");
    const CliResult r = runCli({"labels", "info", sharedData("mri-brain-8labels/MRIcrop-seg.nii.gz"), "--image",
                                sharedData("mri-brain-8labels/MRIcrop-orig.nii.gz"), "--label-names",
                                sharedData("mri-brain-8labels/MRIcrop-seg.label"), "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray labels = r.json()["labels"].toArray();
    const int expected[8] = {18138, 2633, 4775, 2250, 2548, 1047, 7661, 16841};
    QCOMPARE(labels.size(), 8);
    for (int i = 0; i < 8; ++i) {
      const QJsonObject label = labels[i].toObject();
      QCOMPARE(label["id"].toInt(), i + 1);
      QCOMPARE(label["voxels"].toInt(), expected[i]);
      QCOMPARE(label["volume_ml"].toDouble(), expected[i] / 1000.0);  // 1 mm^3 voxels
    }
    QCOMPARE(labels[0].toObject()["name"].toString(), QString("vent-lat"));
    // Without --label-names the ITK-SNAP .label beside the map names them, as the window does.
    const QJsonArray beside = runCli({"labels", "info", sharedData("mri-brain-8labels/MRIcrop-seg.nii.gz"), "--json"})
                                  .json()["labels"].toArray();
    QCOMPARE(beside[7].toObject()["name"].toString(), QString("corpus-callosum"));

    SLICEWISE_REQUIRE_DATA("ct-abdomen-dicom/example_seg_dicom.nii.gz");
    const QJsonArray ct = runCli({"labels", "info", sharedData("ct-abdomen-dicom/example_seg_dicom.nii.gz"), "--json"})
                              .json()["labels"].toArray();
    QMap<int, int> counts;
    for (const auto& e : ct) counts[e.toObject()["id"].toInt()] = e.toObject()["voxels"].toInt();
    QCOMPARE(counts.value(1), 130634);  // spleen, labels_present.txt
    QCOMPARE(counts.value(5), 366708);  // liver
    QCOMPARE(counts.value(6), 74102);   // stomach
  }

  void badInputExitsWithOneLine() {
    const QString dir = scratchDir();
    CliResult r = runCli({"info", dir + "/missing.nii.gz"});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY(r.err.contains("no such file"));

    QFile f(dir + "/corrupt.nrrd");
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("NRRD0004\ntype: short\ndimension: 3\nsizes: 10 10 10\nencoding: raw\n\nshort");
    f.close();
    r = runCli({"info", dir + "/corrupt.nrrd"});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.count('\n'), 1);

    r = runCli({"info"});
    QCOMPARE(r.exitCode, 2);
    r = runCli({"no-such-command"});
    QCOMPARE(r.exitCode, 2);
  }

  // Whatever the file, the answer is one line and exit 1: never a crash, an abort or a
  // silently zero-filled volume.
  void unreadableFilesExitWithOneLine_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray() << "empty.nii" << "not a readable";
    QTest::newRow("wrong header size") << niftiBytes({4, 4, 4}, 128, 999) << "hdr.nii" << "header size is 999";
    QTest::newRow("cut short") << niftiBytes({40, 40, 40}, 1000) << "cut.nii" << "cut short";
    QTest::newRow("4D") << niftiBytes({4, 4, 4, 3}, 384) << "four.nii" << "4D series";
    const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x08\0\0\0\x08\x08\0\0\0\0";
    QTest::newRow("2D PNG") << QByteArray(png, sizeof(png) - 1) << "slice.png" << "not a readable";
    QTest::newRow("folder") << QByteArray() << "folder.nii" << "is a folder";
  }
  void unreadableFilesExitWithOneLine() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, name);
    QFETCH(QString, message);
    const QString path = scratchDir() + "/" + name;
    if (name.startsWith("folder")) {
      QVERIFY(QDir().mkpath(path));
    } else {
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(bytes);
    }
    for (const QStringList& args : {QStringList{"info", path}, QStringList{"labels", "info", path},
                                    QStringList{"convert", path, "--out", path + ".nrrd"}}) {
      const CliResult r = runCli(args);
      QCOMPARE(r.exitCode, 1);
      QCOMPARE(r.err.count('\n'), 1);
      QVERIFY2(r.err.startsWith("slicewise-cli: error: ") && r.err.contains(message.toUtf8()),
               r.err.constData());
    }
  }

  void labelMapOnAnotherGridIsRefusedNamingBothGrids() {
    const QString dir = scratchDir();
    QCOMPARE(runCli({"sample", "--out", dir}).exitCode, 0);
    // Move the labels 0.5 mm: rewrite them through convert after shifting the NRRD header origin.
    QCOMPARE(runCli({"convert", dir + "/sample-labels.nii.gz", "--labels", "--out", dir + "/labels.nhdr"}).exitCode, 0);
    QFile h(dir + "/labels.nhdr");
    QVERIFY(h.open(QIODevice::ReadOnly));
    QByteArray header = h.readAll();
    h.close();
    const qsizetype at = header.indexOf("space origin: (");
    QVERIFY(at >= 0);
    const qsizetype end = header.indexOf('\n', at);
    header.replace(at, end - at, "space origin: (-171.4,-143.1,-78.75)");  // x 0.5 mm off
    QVERIFY(h.open(QIODevice::WriteOnly | QIODevice::Truncate));
    h.write(header);
    h.close();
    const CliResult r = runCli({"labels", "info", dir + "/labels.nhdr", "--image", dir + "/sample-ct.nii.gz"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("origin (-171.4, -143.1, -78.75)") && r.err.contains("origin (-171.9, -143.1, -78.75)"),
             r.err.constData());
    const CliResult ok = runCli({"labels", "info", dir + "/labels.nhdr", "--image", dir + "/sample-ct.nii.gz",
                                 "--resample-labels", "--json"});
    QCOMPARE(ok.exitCode, 0);
    QVERIFY(ok.err.contains("resampled"));
  }

  void convertKeepsVoxelsAndSidecar() {
    const QString dir = scratchDir();
    QCOMPARE(runCli({"sample", "--out", dir}).exitCode, 0);
    QCOMPARE(runCli({"convert", dir + "/sample-labels.nii.gz", "--labels", "--out", dir + "/l.mha"}).exitCode, 0);
    QVERIFY(QFile::exists(dir + "/l.labels.json"));
    const QJsonObject a = runCli({"labels", "info", dir + "/sample-labels.nii.gz", "--json"}).json().object();
    const QJsonObject b = runCli({"labels", "info", dir + "/l.mha", "--json"}).json().object();
    QCOMPARE(a["labels"], b["labels"]);
    QCOMPARE(b["labels"].toArray()[0].toObject()["name"].toString(), QString("liver"));
    QCOMPARE(runCli({"convert", dir + "/sample-ct.nii.gz", "--out", dir + "/ct.txt"}).exitCode, 1);
  }
};

QTEST_GUILESS_MAIN(CliInfoTest)
#include "CliInfoTest.moc"
