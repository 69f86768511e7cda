#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

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
