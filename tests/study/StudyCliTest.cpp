// slicewise-cli study create / info / annotate / export, run as a user would, checked against
// the brain MRI README's voxel counts and counts worked out by hand from its label map.
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include "CliRunner.h"
#include "TestData.h"
#include "io/ImageIO.h"
#include "io/LabelDescriptionIO.h"
#include "study/Study.h"

using namespace slicewise;
using slicewise::test::CliResult;
using slicewise::test::runCli;

class StudyCliTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void createInfoExport();
  void annotateSlices();
  void annotateWorklist();
  void infoListsProposals();
  void clearFailures();
};

namespace {

const QString& kImage = test::kBrainImage;
const QString& kSeg = test::kBrainLabels;
const QString& kNames = test::kBrainLabelNames;

// {id: voxels} of the JSON "labels" list.
std::map<int, qint64> counts(const QJsonArray& labels) {
  std::map<int, qint64> out;
  for (const auto& l : labels) out[l.toObject()["id"].toInt()] = l.toObject()["voxels"].toInteger();
  return out;
}

// j["a"]["b"] for Qt 6.4, whose QJsonValueRef has no string subscript; numbers index arrays.
QJsonValue at(QJsonValue v, std::initializer_list<QJsonValue> path) {
  for (const QJsonValue& key : path)
    v = key.isString() ? v.toObject().value(key.toString()) : v.toArray().at(key.toInt());
  return v;
}

QList<int> ints(const QJsonValue& v) {
  QList<int> out;
  for (const auto& x : v.toArray()) out.append(x.toInt());
  return out;
}

QJsonObject info(const QString& dir) {
  const CliResult r = runCli({"study", "info", dir, "--json"});
  if (r.exitCode != 0) qWarning("%s", r.err.constData());
  return r.json().object();
}

QString createEmptyStudy(const QString& name) {
  const QString dir = test::scratchDir() + "/" + name;
  const CliResult r = runCli({"study", "create", test::sharedData(kImage), "--out", dir});
  return r.exitCode == 0 ? dir : QString();
}

}  // namespace

void StudyCliTest::createInfoExport() {
  SLICEWISE_REQUIRE_DATA(kSeg);
  const QString dir = test::scratchDir() + "/brain.study";
  CliResult r = runCli({"study", "create", test::sharedData(kImage), "--out", dir, "--labels",
                        test::sharedData(kSeg), "--label-names", test::sharedData(kNames)});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  QCOMPARE(r.out.trimmed(), "created study " + dir.toUtf8() +
                                " (78x110x64 voxels, spacing 1x1x1 mm, origin (0, 0, 0) mm, "
                                "orientation LPS, 8 labels)");

  const QJsonObject j = info(dir);
  QCOMPARE(at(j, {"image", "path"}).toString(), test::sharedData(kImage));
  QCOMPARE(ints(at(j, {"image", "size"})), (QList<int>{78, 110, 64}));
  QCOMPARE(at(j, {"image", "size_bytes"}).toInteger(), qint64(431067));
  QCOMPARE(counts(at(j, {"labels"}).toArray()),
           (std::map<int, qint64>{{1, 18138}, {2, 2633}, {3, 4775}, {4, 2250},
                                  {5, 2548}, {6, 1047}, {7, 7661}, {8, 16841}}));
  QCOMPARE(at(j, {"labels", 0, "name"}).toString(), QString("vent-lat"));
  QCOMPARE(at(j, {"labels", 7, "name"}).toString(), QString("corpus-callosum"));
  for (const char* axis : {"axial", "coronal", "sagittal"}) {
    QVERIFY(at(j, {"marks", axis, "to_annotate"}).toArray().isEmpty());
    QVERIFY(at(j, {"marks", axis, "done"}).toArray().isEmpty());
  }
  QCOMPARE(at(j, {"proposals"}).toArray().size(), qsizetype(0));
  QCOMPARE(at(j, {"history_length"}).toInt(), 1);
  QCOMPARE(at(j, {"provenance", "drawn"}).toInt(), 0);
  QCOMPARE(at(j, {"schema_version"}).toInt(), 5);
  QVERIFY(at(j, {"dicom"}).isNull());

  const QString exportDir = test::scratchDir();
  const QString out = exportDir + "/exported.nii.gz";
  r = runCli({"study", "export", dir, "--out", out});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  // The exported map is the original, voxel for voxel.
  const LabelVolume exported = readLabelMap(out.toStdString());
  const LabelVolume original = readLabelMap(test::sharedData(kSeg).toStdString());
  QVERIFY(exported.geometry().sameGrid(original.geometry()));
  QVERIFY(exported.data() == original.data());
  const LabelTable sidecar = readLabelSidecar((exportDir + "/exported.labels.json").toStdString());
  QCOMPARE(sidecar.find(3)->name, std::string("vent-4th"));
  QCOMPARE(sidecar.find(7)->color, (Rgb{255, 0, 13}));
}

void StudyCliTest::annotateSlices() {
  SLICEWISE_REQUIRE_DATA(kSeg);
  const QString dir = createEmptyStudy("annotate.study");
  QVERIFY(!dir.isEmpty());
  CliResult r = runCli({"study", "annotate", dir, "--from", test::sharedData(kSeg), "--slices", "10,30"});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  QCOMPARE(r.out.trimmed(), QByteArray("annotated 2 axial slices (2 done, 0 empty-here)"));
  QJsonObject j = info(dir);
  // Axial slice 10: 4:135 5:173 6:69; slice 30: 1:276 2:160 3:156 7:153.
  QCOMPARE(counts(at(j, {"labels"}).toArray()),
           (std::map<int, qint64>{{1, 276}, {2, 160}, {3, 156}, {4, 135}, {5, 173}, {6, 69}, {7, 153}}));
  QCOMPARE(ints(at(j, {"marks", "axial", "done"})), (QList<int>{10, 30}));
  QCOMPARE(at(j, {"provenance", "drawn"}).toInt(), 2 * 78 * 110);
  QCOMPARE(at(j, {"history_length"}).toInt(), 2);
  // The names come from the ITK-SNAP MRIcrop-seg.label beside the map (its line 1: "vent-lat").
  QCOMPARE(at(j, {"labels", 0, "name"}).toString(), QString("vent-lat"));

  // Coronal slice 107 holds no label: empty-here.
  r = runCli({"study", "annotate", dir, "--from", test::sharedData(kSeg), "--slices", "50,107",
              "--axis", "coronal"});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  QCOMPARE(r.out.trimmed(), QByteArray("annotated 2 coronal slices (1 done, 1 empty-here)"));
  j = info(dir);
  QCOMPARE(ints(at(j, {"marks", "coronal", "done"})), (QList<int>{50}));
  QCOMPARE(ints(at(j, {"marks", "coronal", "empty_here"})), (QList<int>{107}));
  QCOMPARE(ints(at(j, {"marks", "axial", "done"})), (QList<int>{10, 30}));
  // Union of axial 10, 30 and coronal 50, 107: 2*78*110 + 2*78*64 - 4*78 overlapping voxels.
  QCOMPARE(at(j, {"provenance", "drawn"}).toInt(), 26832);
  QCOMPARE(counts(at(j, {"labels"}).toArray()),
           (std::map<int, qint64>{{1, 463}, {2, 188}, {3, 156}, {4, 202}, {5, 232}, {6, 69}, {7, 158}, {8, 101}}));
  QCOMPARE(at(j, {"history_length"}).toInt(), 3);
}

void StudyCliTest::annotateWorklist() {
  SLICEWISE_REQUIRE_DATA(kSeg);
  const QString dir = createEmptyStudy("worklist.study");
  QVERIFY(!dir.isEmpty());
  CliResult r = runCli({"study", "annotate", dir, "--from", test::sharedData(kSeg), "--worklist"});
  QCOMPARE(r.exitCode, 1);
  QCOMPARE(r.err.trimmed(), "slicewise-cli: error: study " + dir.toUtf8() +
                                " has no to-annotate slices on the axial axis (select slices first)");
  {
    auto study = Study::open(dir.toStdString());
    study->editor().setWorklist(SliceAxis::Axial, {40, 20});
    study->save("selector", "worklist");
  }
  r = runCli({"study", "annotate", dir, "--from", test::sharedData(kSeg), "--worklist"});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  QCOMPARE(r.out.trimmed(), QByteArray("annotated 2 axial slices (2 done, 0 empty-here)"));
  const QJsonObject j = info(dir);
  QCOMPARE(ints(at(j, {"marks", "axial", "to_annotate"})), (QList<int>{40, 20}));
  QCOMPARE(ints(at(j, {"marks", "axial", "done"})), (QList<int>{20, 40}));
  QCOMPARE(counts(at(j, {"labels"}).toArray()),
           (std::map<int, qint64>{{1, 528}, {2, 136}, {3, 371}, {4, 103}, {5, 68}, {6, 17}, {7, 319}, {8, 600}}));
}

void StudyCliTest::infoListsProposals() {
  SLICEWISE_REQUIRE_DATA(kSeg);
  const QString dir = createEmptyStudy("proposals.study");
  QVERIFY(!dir.isEmpty());
  {
    auto study = Study::open(dir.toStdString());
    Proposal p;
    p.predictor = "shape";
    p.axis = SliceAxis::Coronal;
    p.labels = readLabelMap(test::sharedData(kSeg).toStdString());
    p.sliceConfidence.assign(110, 0.5f);
    p.keySlices = {10, 50};
    p.createdUnixSeconds = 1764000000;
    study->addProposal(p);
  }
  const QJsonArray proposals = info(dir)["proposals"].toArray();
  QCOMPARE(proposals.size(), qsizetype(1));
  QCOMPARE(at(proposals[0], {"predictor"}).toString(), QString("shape"));
  QCOMPARE(at(proposals[0], {"created"}).toString(), QString("2025-11-24T16:00:00Z"));
  QCOMPARE(at(proposals[0], {"slices"}).toInt(), 110);
  QCOMPARE(at(proposals[0], {"axis"}).toString(), QString("coronal"));
  QCOMPARE(ints(at(proposals[0], {"keys"})), (QList<int>{10, 50}));
}

void StudyCliTest::clearFailures() {
  SLICEWISE_REQUIRE_DATA(kImage);
  const QString nowhere = test::scratchDir() + "/nothing-here";
  CliResult r = runCli({"study", "info", nowhere});
  QCOMPARE(r.exitCode, 1);
  QCOMPARE(r.err.trimmed(), "slicewise-cli: error: " + nowhere.toUtf8() +
                                " is not a Slicewise study (no study.sqlite)");
  const QString dir = createEmptyStudy("twice.study");
  QVERIFY(!dir.isEmpty());
  r = runCli({"study", "create", test::sharedData(kImage), "--out", dir});
  QCOMPARE(r.exitCode, 1);
  QCOMPARE(r.err.trimmed(), "slicewise-cli: error: " + dir.toUtf8() + " already holds a study");
  r = runCli({"study", "annotate", dir, "--from", test::sharedData(kSeg)});
  QCOMPARE(r.exitCode, 2);  // neither --slices nor --worklist
  r = runCli({"study", "annotate", dir, "--from", test::sharedData(kSeg), "--slices", "64"});
  QCOMPARE(r.exitCode, 1);
  QCOMPARE(r.err.trimmed(), QByteArray("slicewise-cli: error: slice 64 is outside the axial axis (0..63)"));
  // A study open for writing elsewhere refuses a second writer but can still be read.
  auto holder = Study::open(dir.toStdString());
  r = runCli({"study", "annotate", dir, "--from", test::sharedData(kSeg), "--slices", "3"});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.contains("is open in another process"), r.err.constData());
  r = runCli({"study", "info", dir, "--json"});
  QCOMPARE(r.exitCode, 0);
}

QTEST_GUILESS_MAIN(StudyCliTest)
#include "StudyCliTest.moc"
