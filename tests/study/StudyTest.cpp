// Study folders on the real brain MRI: what create stores, what a save writes, image checks,
// proposals, DICOM identity and the error messages.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include "model/ValueRange.h"
#include "TestData.h"
#include "io/ImageIO.h"
#include "io/LabelDescriptionIO.h"
#include "study/Study.h"

using namespace slicewise;

class StudyTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void createKeepsImageReferenceAndLabels();
  void saveWritesOnlyChangedSlices();
  void loadImageDetectsAChangedFile();
  void copiedImageAndDicomIdentity();
  void proposalsRoundTrip();
  void clearErrors();
};

namespace {

const QString& kImage = test::kBrainImage;
const QString& kSeg = test::kBrainLabels;
const QString& kNames = test::kBrainLabelNames;

std::string path(const QString& rel) { return test::sharedData(rel).toStdString(); }

// Voxel counts from the data's README.
const std::map<Label, uint64_t> kSegCounts{{1, 18138}, {2, 2633}, {3, 4775}, {4, 2250},
                                           {5, 2548},  {6, 1047}, {7, 7661}, {8, 16841}};

std::string newStudyDir(const QString& name) { return (test::scratchDir() + "/" + name).toStdString(); }

}  // namespace

void StudyTest::createKeepsImageReferenceAndLabels() {
  SLICEWISE_REQUIRE_DATA(kSeg);
  const std::string dir = newStudyDir("brain.study");
  StudyCreateOptions options;
  options.labels = readLabelMap(path(kSeg));
  options.labelTable = readItkSnapLabels(path(kNames));
  options.author = "radiologist";
  {
    auto study = Study::create(dir, path(kImage), options);
    QCOMPARE(study->historyLength(), int64_t(1));
  }
  QVERIFY(QFile::exists(QString::fromStdString(dir) + "/study.sqlite"));
  QVERIFY(!QFile::exists(QString::fromStdString(dir) + "/study.lock"));  // closed: no owner

  auto study = Study::open(dir, Study::Mode::ReadOnly);
  QCOMPARE(study->geometry().size, (Index3{78, 110, 64}));
  QCOMPARE(study->geometry().spacing, (Vec3{1.0, 1.0, 1.0}));
  QCOMPARE(study->image().path, path(kImage));
  QVERIFY(!study->image().copied);
  QCOMPARE(study->image().sizeBytes, uint64_t(431067));
  QCOMPARE(study->image().sha256,
           std::string("9fdbde1892e8f1c74a2547c1cb2b48696d54260bcfbc79a1e844cf33c970c3b0"));
  QCOMPARE(study->labels().labelCounts(), kSegCounts);
  QCOMPARE(study->provenance().count(VoxelOrigin::None), size_t(78 * 110 * 64));
  QCOMPARE(study->labelTable().find(1)->name, std::string("vent-lat"));
  QCOMPARE(study->labelTable().find(8)->color, (Rgb{255, 8, 186}));
  const auto history = study->history();
  QCOMPARE(history.size(), size_t(1));
  QCOMPARE(history[0].author, std::string("radiologist"));
  QCOMPARE(history[0].description, std::string("create"));
  QCOMPARE(history[0].slices.size(), size_t(64));  // every axial slice of the map holds a label
  QCOMPARE(study->schemaVersion(), 2);
  QCOMPARE(QString::fromStdString(study->integrityCheck()), QString("ok"));
}

void StudyTest::saveWritesOnlyChangedSlices() {
  SLICEWISE_REQUIRE_DATA(kImage);
  const std::string dir = newStudyDir("edits.study");
  auto study = Study::create(dir, path(kImage));
  QVERIFY(!study->hasUnsavedChanges());
  QCOMPARE(study->save("a", "nothing"), int64_t(0));

  // A stroke on axial slice 30 (voxel k = 30 on this LPS grid).
  for (int64_t i = 10; i < 20; ++i) {
    study->labels().set(i, 40, 30, 5);
    study->provenance().set(study->geometry().linearIndex(i, 40, 30), VoxelOrigin::Drawn);
  }
  study->markSliceChanged(SliceAxis::Axial, 30);
  QCOMPARE(study->pendingSlices(), (std::set<int64_t>{30}));
  QVERIFY(study->save("a", "brush") > 0);
  QVERIFY(!study->hasUnsavedChanges());
  QCOMPARE(study->history().back().slices, std::vector<int64_t>{30});

  // A brush box spanning k = 5..7, and a coronal slice, which crosses every storage slice.
  study->markRegionChanged({0, 0, 7}, {10, 10, 5});
  QCOMPARE(study->pendingSlices(), (std::set<int64_t>{5, 6, 7}));
  study->save("a", "box");
  study->markSliceChanged(SliceAxis::Coronal, 50);
  QCOMPARE(study->pendingSlices().size(), size_t(64));
  study->save("a", "coronal");

  // Marks and label table need no marking: the save compares them with the last one.
  study->marks().setAnnotation(SliceAxis::Sagittal, 12, AnnotationState::EmptyHere);
  study->marks().setWorklist(SliceAxis::Axial, {40, 20, 60});
  study->labelTable().set({5, "hippo-L", {145, 255, 11}, true, true});
  QVERIFY(study->hasUnsavedChanges());
  QVERIFY(study->save("b", "marks") > 0);
  QVERIFY(study->history().back().slices.empty());
  QCOMPARE(study->historyLength(), int64_t(5));
  study.reset();

  auto reopened = Study::open(dir, Study::Mode::ReadOnly);
  QCOMPARE(reopened->labels().labelCounts(), (std::map<Label, uint64_t>{{5, 10}}));
  QCOMPARE(reopened->provenance().count(VoxelOrigin::Drawn), size_t(10));
  QCOMPARE(int(reopened->labels().at(15, 40, 30)), 5);
  QCOMPARE(reopened->marks().keySlices(SliceAxis::Sagittal), std::vector<int64_t>{12});
  QCOMPARE(reopened->marks().worklist(SliceAxis::Axial), (std::vector<int64_t>{40, 20, 60}));
  QVERIFY(reopened->labelTable().find(5)->locked);
  const auto history = reopened->history();
  QCOMPARE(history[4].author, std::string("b"));
  QCOMPARE(history[1].description, std::string("brush"));
}

void StudyTest::loadImageDetectsAChangedFile() {
  SLICEWISE_REQUIRE_DATA(kImage);
  const QString copy = test::scratchDir() + "/moving.nii.gz";
  QVERIFY(QFile::copy(test::sharedData(kImage), copy));
  const std::string dir = newStudyDir("moving.study");
  auto study = Study::create(dir, copy.toStdString());
  const Volume v = study->loadImage();
  QCOMPARE(valueRange(v), (std::pair<double, double>{0.0, 269.0}));  // README: range 0..269

  QByteArray bytes;
  {
    QFile f(copy);
    QVERIFY(f.open(QIODevice::ReadOnly));
    bytes = f.readAll();
  }
  const auto rewrite = [&](const QByteArray& content) {
    QFile f(copy);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(content);
  };
  rewrite(bytes + "x");
  try {
    study->loadImage();
    QFAIL("a longer image file was accepted");
  } catch (const StudyError& e) {
    QCOMPARE(QString(e.what()), "the image " + copy +
                                    " changed since the study was created (431068 bytes, expected 431067)");
  }
  QByteArray altered = bytes;
  altered[1000] = char(altered[1000] ^ 0x01);
  rewrite(altered);
  try {
    study->loadImage();
    QFAIL("an altered image file was accepted");
  } catch (const StudyError& e) {
    QCOMPARE(QString(e.what()),
             "the image " + copy + " changed since the study was created (its content differs)");
  }
}

void StudyTest::copiedImageAndDicomIdentity() {
  SLICEWISE_REQUIRE_DATA(kImage);
  const QString original = test::scratchDir() + "/will-vanish.nii.gz";
  QVERIFY(QFile::copy(test::sharedData(kImage), original));
  const std::string dir = newStudyDir("copied.study");
  StudyCreateOptions options;
  options.copyImage = true;
  options.dicom = DicomIdentity{"1.2.3.4", "1.2.3.4.5", "1.2.3.9"};
  Study::create(dir, original.toStdString(), options).reset();
  QVERIFY(QFile::remove(original));

  auto study = Study::open(dir);
  QVERIFY(study->image().copied);
  QCOMPARE(study->image().path, std::string("image.nii.gz"));
  QCOMPARE(study->imagePath(), dir + "/image.nii.gz");
  QCOMPARE(study->loadImage().geometry().size, (Index3{78, 110, 64}));
  QVERIFY(study->dicomIdentity());
  QCOMPARE(*study->dicomIdentity(), (DicomIdentity{"1.2.3.4", "1.2.3.4.5", "1.2.3.9"}));
}

void StudyTest::proposalsRoundTrip() {
  SLICEWISE_REQUIRE_DATA(kSeg);
  const std::string dir = newStudyDir("proposals.study");
  auto study = Study::create(dir, path(kImage));
  Proposal p;
  p.predictor = "shape";
  p.parametersJson = R"({"interpolation":"linear"})";
  p.axis = SliceAxis::Coronal;
  p.labels = readLabelMap(path(kSeg));
  p.sliceConfidence.assign(110, 0.25f);
  p.sliceConfidence[10] = p.sliceConfidence[50] = 1.0f;
  p.keySlices = {10, 50};
  p.createdUnixSeconds = 1764000000;
  QCOMPARE(study->addProposal(p), int64_t(1));
  p.predictor = "nearest";
  QCOMPARE(study->addProposal(p), int64_t(2));
  study.reset();

  auto reopened = Study::open(dir);
  const auto summaries = reopened->proposals();
  QCOMPARE(summaries.size(), size_t(2));
  QCOMPARE(summaries[0].predictor, std::string("shape"));
  QCOMPARE(summaries[0].parametersJson, std::string(R"({"interpolation":"linear"})"));
  QCOMPARE(summaries[0].axis, SliceAxis::Coronal);
  QCOMPARE(summaries[0].slices, int64_t(110));
  QCOMPARE(summaries[0].keySlices, (std::vector<int64_t>{10, 50}));
  QCOMPARE(summaries[0].createdUnixSeconds, int64_t(1764000000));
  const Proposal loaded = reopened->loadProposal(1);
  QCOMPARE(loaded.labels.labelCounts(), kSegCounts);
  QCOMPARE(loaded.sliceConfidence[50], 1.0f);
  QCOMPARE(loaded.sliceConfidence[51], 0.25f);
  reopened->removeProposal(1);
  QCOMPARE(reopened->proposals().size(), size_t(1));
  QCOMPARE(reopened->proposals()[0].id, int64_t(2));
  QVERIFY_EXCEPTION_THROWN(reopened->loadProposal(1), StudyError);
  // The study's own labels never changed.
  QVERIFY(reopened->labels().labelCounts().empty());
}

void StudyTest::clearErrors() {
  SLICEWISE_REQUIRE_DATA(kImage);
  const QString busy = test::scratchDir() + "/busy";
  QDir().mkpath(busy);
  QFile(busy + "/other.txt").open(QIODevice::WriteOnly);
  try {
    Study::create(busy.toStdString(), path(kImage));
    QFAIL("created a study in a non-empty folder");
  } catch (const StudyError& e) {
    QCOMPARE(QString(e.what()), "cannot create study " + busy + ": the folder exists and is not empty");
  }
  QVERIFY(QFile::exists(busy + "/other.txt"));  // nothing of the user's was removed
  try {
    Study::open(busy.toStdString());
    QFAIL("opened a folder without a study");
  } catch (const StudyError& e) {
    QCOMPARE(QString(e.what()), busy + " is not a Slicewise study (no study.sqlite)");
  }
  // An empty study.sqlite (a copy cut short) is no study, read-only or read-write, and a
  // read-write attempt leaves the file as it was.
  QFile(busy + "/study.sqlite").open(QIODevice::WriteOnly);
  for (Study::Mode mode : {Study::Mode::ReadOnly, Study::Mode::ReadWrite}) {
    try {
      Study::open(busy.toStdString(), mode);
      QFAIL("opened an empty database as a study");
    } catch (const StudyError& e) {
      QCOMPARE(QString(e.what()), busy + " does not hold a Slicewise study database");
    }
  }
  QCOMPARE(QFileInfo(busy + "/study.sqlite").size(), qint64(0));
  StudyCreateOptions options;
  options.labels = LabelVolume(ImageGeometry{{10, 10, 10}, {1, 1, 1}, {0, 0, 0}, {1, 0, 0, 0, 1, 0, 0, 0, 1}});
  const QString fresh = test::scratchDir() + "/wrong-grid.study";
  QVERIFY_EXCEPTION_THROWN(Study::create(fresh.toStdString(), path(kImage), options), StudyError);
  QVERIFY(!QFileInfo::exists(fresh));  // a failed create leaves no half study behind
}

QTEST_GUILESS_MAIN(StudyTest)
#include "StudyTest.moc"
