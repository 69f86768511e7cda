// slicewise-cli dicom list / import / seg-import / seg-export, run as a person would.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include "CliRunner.h"
#include "DicomValidator.h"
#include "TestData.h"

using slicewise::test::runCli;
using slicewise::test::sharedData;

namespace {

int lineCount(const QByteArray& text) { return text.trimmed().isEmpty() ? 0 : int(text.trimmed().count('\n')) + 1; }

}  // namespace

class DicomCliTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void listShowsTheSeriesWithoutThePatient() {
    SLICEWISE_REQUIRE_DATA("ct-abdomen-dicom/dicom");
    const auto r = runCli({"dicom", "list", sharedData("ct-abdomen-dicom/dicom"), "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray series = r.json()["series"].toArray();
    QCOMPARE(series.size(), 1);
    const QJsonObject s = series[0].toObject();
    QCOMPARE(s["images"].toInt(), 20);
    QCOMPARE(s["modality"].toString(), QString("CT"));
    QCOMPARE(s["description"].toString(), QString("CT Body 3.0"));
    QCOMPARE(s["study_date"].toString(), QString("20221208"));
    QCOMPARE(s["size"].toArray(), (QJsonArray{512, 512, 20}));
    QCOMPARE(s["spacing"].toArray()[2].toDouble(), 2.0);
    QVERIFY(!s.contains("patient_name"));
  }

  void patientNameOnlyWhenAsked() {
    SLICEWISE_REQUIRE_DATA("dicom-seg/ct-3slice");
    const QString dir = sharedData("dicom-seg/ct-3slice");
    const auto plain = runCli({"dicom", "list", dir});
    QCOMPARE(plain.exitCode, 0);
    QVERIFY(!plain.out.contains("JANCT000") && !plain.err.contains("JANCT000"));
    const auto shown = runCli({"dicom", "list", dir, "--show-patient"});
    QVERIFY(shown.out.contains("patient  JANCT000"));
    // Import and its messages name no patient either.
    const auto imported = runCli({"dicom", "import", dir, "--out", slicewise::test::scratchDir() + "/ct.nrrd"});
    QCOMPARE(imported.exitCode, 0);
    for (const QByteArray& id : {QByteArray("JANCT000"), QByteArray("99000")})
      QVERIFY(!imported.out.contains(id) && !imported.err.contains(id));
  }

  void importWritesTheVolume() {
    SLICEWISE_REQUIRE_DATA("ct-abdomen-dicom/dicom");
    const QString out = slicewise::test::scratchDir() + "/ct.nii.gz";
    const auto r = runCli({"dicom", "import", sharedData("ct-abdomen-dicom/dicom"), "--out", out, "--json"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json()["size"].toArray(), (QJsonArray{512, 512, 20}));
    const auto info = runCli({"info", out, "--json"});
    QCOMPARE(info.json()["range"].toArray(), (QJsonArray{-1024, 1839}));
    QCOMPARE(info.json()["pixel_type"].toString(), QString("int16"));
  }

  void importIntoAStudyKeepsTheUids() {
    SLICEWISE_REQUIRE_DATA("dicom-seg/ct-3slice");
    const QString study = slicewise::test::scratchDir() + "/study";
    const auto r = runCli({"dicom", "import", sharedData("dicom-seg/ct-3slice"), "--study", study});
    if (r.err.contains("needs a build with study storage")) QSKIP("built without study storage");
    QCOMPARE(r.exitCode, 0);
    const auto info = runCli({"study", "info", study, "--json"});
    QCOMPARE(info.exitCode, 0);
    const QJsonObject dicom = info.json()["dicom"].toObject();
    QCOMPARE(dicom["series_instance_uid"].toString(),
             QString("1.2.392.200103.20080913.113635.1.2009.6.22.21.43.10.23430.1"));
    QCOMPARE(dicom["study_instance_uid"].toString(),
             QString("1.2.392.200103.20080913.113635.0.2009.6.22.21.43.10.22941.1"));
    QCOMPARE(dicom["frame_of_reference_uid"].toString(),
             QString("1.2.392.200103.20080913.113635.3.2009.6.22.21.44.34.23882.1"));
    QCOMPARE(info.json()["image"].toObject()["size"].toArray(), (QJsonArray{512, 512, 3}));
  }

  void segExportFromAStudyUsesItsLabels() {
    SLICEWISE_REQUIRE_DATA("dicom-seg/liver.dcm");
    const QString dir = slicewise::test::scratchDir();
    const QString series = sharedData("dicom-seg/ct-3slice");
    const auto imported = runCli({"dicom", "import", series, "--study", dir + "/study"});
    if (imported.err.contains("needs a build with study storage")) QSKIP("built without study storage");
    QCOMPARE(imported.exitCode, 0);
    QCOMPARE(runCli({"dicom", "seg-import", sharedData("dicom-seg/liver.dcm"), "--series", series, "--out",
                     dir + "/liver.nrrd"}).exitCode, 0);
    // Slices 0 and 2 drawn into the study: 36233 + 35220 liver voxels (data README).
    QCOMPARE(runCli({"study", "annotate", dir + "/study", "--from", dir + "/liver.nrrd", "--slices", "0,2"}).exitCode, 0);
    QCOMPARE(runCli({"dicom", "seg-export", "--study", dir + "/study", "--series", series, "--out", dir + "/s.dcm"}).exitCode, 0);
    SLICEWISE_REQUIRE_TOOL("dciodvfy", "dicom3tools");
    QCOMPARE(slicewise::test::dciodvfyErrors(dir + "/s.dcm"), QStringList());
    const auto back = runCli({"dicom", "seg-import", dir + "/s.dcm", "--series", series, "--out", dir + "/back.nrrd", "--json"});
    QCOMPARE(back.exitCode, 0);
    const QJsonObject segment = back.json()["segments"].toArray()[0].toObject();
    QCOMPARE(segment["voxels"].toInt(), 36233 + 35220);
    QCOMPARE(segment["algorithm"].toString(), QString("MANUAL"));  // drawn, nothing accepted
  }

  void emptyFolderFailsWithOneLine() {
    const auto r = runCli({"dicom", "import", slicewise::test::scratchDir(), "--out", "/tmp/never.nii.gz"});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(lineCount(r.err), 1);
    QVERIFY(r.err.contains("no DICOM image series"));
  }

  void overlappingSegImportWarns() {
    SLICEWISE_REQUIRE_DATA("dicom-seg/partial_overlaps.dcm");
    const QString out = slicewise::test::scratchDir() + "/po.nrrd";
    const auto r = runCli({"dicom", "seg-import", sharedData("dicom-seg/partial_overlaps.dcm"), "--series",
                           sharedData("dicom-seg/ct-3slice"), "--out", out, "--json"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.contains("voxels belong to more than one segment"));
    QCOMPARE(r.json()["segments"].toArray().size(), 5);
    QVERIFY(r.json()["overlap_voxels"].toInt() > 0);
    QVERIFY(QFile::exists(out) && QFile::exists(QFileInfo(out).path() + "/po.labels.json"));
  }

  void labelMapSegIsUnsupportedInOneLine() {
    SLICEWISE_REQUIRE_DATA("dicom-seg/sparse-labelmap-noppv.dcm");
    for (const char* name : {"dicom-seg/sparse-labelmap-noppv.dcm", "dicom-seg/sparse-labelmap-ppv5.dcm"}) {
      const auto r = runCli({"dicom", "seg-import", sharedData(name), "--series", sharedData("dicom-seg/ct-3slice"),
                             "--out", slicewise::test::scratchDir() + "/x.nrrd"});
      QCOMPARE(r.exitCode, 1);
      QCOMPARE(lineCount(r.err), 1);
      QVERIFY(r.err.contains("unsupported"));
    }
  }

  void segExportReimports() {
    SLICEWISE_REQUIRE_DATA("dicom-seg/liver.dcm");
    const QString dir = slicewise::test::scratchDir();
    const QString series = sharedData("dicom-seg/ct-3slice");
    QCOMPARE(runCli({"dicom", "seg-import", sharedData("dicom-seg/liver.dcm"), "--series", series, "--out",
                     dir + "/liver.nrrd"}).exitCode, 0);
    QCOMPARE(runCli({"dicom", "seg-export", "--labels", dir + "/liver.nrrd", "--series", series, "--out",
                     dir + "/liver-out.dcm", "--semiautomatic", "1"}).exitCode, 0);
    SLICEWISE_REQUIRE_TOOL("dciodvfy", "dicom3tools");
    QCOMPARE(slicewise::test::dciodvfyErrors(dir + "/liver-out.dcm"), QStringList());
    const auto back = runCli({"dicom", "seg-import", dir + "/liver-out.dcm", "--series", series, "--out",
                              dir + "/back.nrrd", "--json"});
    QCOMPARE(back.exitCode, 0);
    const QJsonObject segment = back.json()["segments"].toArray()[0].toObject();
    QCOMPARE(segment["name"].toString(), QString("Liver"));
    QCOMPARE(segment["algorithm"].toString(), QString("SEMIAUTOMATIC"));
    QCOMPARE(segment["voxels"].toInt(), 36233 + 35645 + 35220);
  }

  // The shared abdominal CT has empty Study and Series Instance UIDs: a SEG could not reference
  // it, so the export is refused in one line naming --force, and written with it.
  void segExportFromASeriesWithoutUidsNeedsForce() {
    SLICEWISE_REQUIRE_DATA("ct-abdomen-dicom/dicom");
    const QString dir = slicewise::test::scratchDir();
    const QString series = sharedData("ct-abdomen-dicom/dicom");
    QCOMPARE(runCli({"dicom", "import", series, "--out", dir + "/ct.nii.gz"}).exitCode, 0);
    QCOMPARE(runCli({"study", "create", dir + "/ct.nii.gz", "--out", dir + "/study", "--labels",
                     sharedData("ct-abdomen-dicom/binary_liver_from_model.nii.gz"), "--resample-labels"}).exitCode, 0);
    QCOMPARE(runCli({"study", "export", dir + "/study", "--out", dir + "/liver.nii.gz"}).exitCode, 0);
    const auto refused = runCli({"dicom", "seg-export", "--labels", dir + "/liver.nii.gz", "--series", series,
                                 "--out", dir + "/liver.dcm"});
    QCOMPARE(refused.exitCode, 1);
    QCOMPARE(lineCount(refused.err), 1);
    QVERIFY2(refused.err.contains("StudyInstanceUID") && refused.err.contains("--force"), refused.err.constData());
    QVERIFY(!QFile::exists(dir + "/liver.dcm"));
    const auto forced = runCli({"dicom", "seg-export", "--labels", dir + "/liver.nii.gz", "--series", series,
                                "--out", dir + "/liver.dcm", "--force"});
    QVERIFY2(forced.exitCode == 0, forced.err.constData());
    QVERIFY(QFile::exists(dir + "/liver.dcm"));
  }
};

QTEST_GUILESS_MAIN(DicomCliTest)
#include "DicomCliTest.moc"
