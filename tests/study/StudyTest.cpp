// Study folders: what create stores (on the real brain MRI), what a save writes (by brick),
// image checks, proposals and their staleness, DICOM identity and the error messages (on small
// synthetic images).
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include "StudyGrid.h"
#include "TestData.h"
#include "io/ImageIO.h"
#include "model/KeyStateHash.h"
#include "tools/RoundBrush.h"
#include "io/LabelDescriptionIO.h"
#include "study/Study.h"

using namespace slicewise;

class StudyTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void createKeepsImageReferenceAndLabels();
  void saveWritesOnlyTouchedBricks();
  void loadImageDetectsAChangedFile();
  void copiedImageAndDicomIdentity();
  void proposalsRoundTrip();
  void proposalBecomesStaleWhenAKeyChanges();
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

// A 40x30x20 int16 image whose voxel (i, j, k) holds i + 100 j + 1000 k - 5000, as NIfTI.
QString writeSmallImage(const QString& dir, const QString& name) {
  ImageGeometry g;
  g.size = {40, 30, 20};
  g.spacing = {0.5, 0.75, 2.0};
  std::vector<int16_t> v(g.voxelCount());
  for (int64_t k = 0; k < 20; ++k)
    for (int64_t j = 0; j < 30; ++j)
      for (int64_t i = 0; i < 40; ++i) v[g.linearIndex(i, j, k)] = int16_t(i + 100 * j + 1000 * k - 5000);
  const QString path = dir + "/" + name;
  writeImage(Volume(g, std::move(v)), path.toStdString());
  return path;
}

int64_t voxel(const Study& s, int64_t i, int64_t j, int64_t k) { return int64_t(s.geometry().linearIndex(i, j, k)); }

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
  // The bricks of 32 voxels (3 x 4 x 2 here) that hold a label, counted by a plain scan of the map.
  QCOMPARE(history[0].bricks,
           (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 15, 16, 18, 19, 20}));
  QCOMPARE(study->schemaVersion(), 5);
  QCOMPARE(QString::fromStdString(study->integrityCheck()), QString("ok"));
}

// The 160x160x48 grid has 5 x 5 x 2 bricks of 32 voxels; brick (bi, bj, bk) is bi + 5 (bj + 5 bk).
void StudyTest::saveWritesOnlyTouchedBricks() {
  const QString root = test::scratchDir();
  const std::string dir = root.toStdString() + "/edits.study";
  auto study = Study::create(dir, test::writePatternGridImage(root).toStdString());
  QVERIFY(!study->hasUnsavedChanges());
  QCOMPARE(study->save("a", "nothing"), int64_t(0));

  // A stroke on axial slice 30 along i = 10..19, j = 40: brick (0, 1, 0).
  VoxelList stroke;
  for (int64_t i = 10; i < 20; ++i) stroke.push_back(voxel(*study, i, 40, 30));
  study->editor().paint(stroke, 5);
  QCOMPARE(study->pendingBricks(), (std::set<int64_t>{5}));
  QVERIFY(study->save("a", "brush") > 0);
  QVERIFY(!study->hasUnsavedChanges());
  QCOMPARE(study->history().back().bricks, std::vector<int64_t>{5});

  // A small brush on coronal slice j = 100 at (i, k) = (20, 20) stays in brick (0, 3, 0)...
  const RoundBrush brush(3.0);
  study->editor().paint(brush.stamp(study->geometry(), {SliceAxis::Coronal, 100}, {20, 20}), 6);
  QCOMPARE(study->pendingBricks(), (std::set<int64_t>{15}));
  study->save("a", "coronal stroke");
  QCOMPARE(study->history().back().bricks, std::vector<int64_t>{15});
  // ...and a whole coronal slice (j = 101, the same brick row) touches the 10 bricks it
  // crosses, not all 50.
  VoxelList slice;
  for (int64_t k = 0; k < 48; ++k)
    for (int64_t i = 0; i < 160; ++i) slice.push_back(voxel(*study, i, 101, k));
  study->editor().paint(slice, 7);
  study->save("a", "coronal slice");
  QCOMPARE(study->history().back().bricks,
           (std::vector<int64_t>{15, 16, 17, 18, 19, 40, 41, 42, 43, 44}));

  // Marks and the label table are saved when their change sets say so, without voxels.
  study->editor().setAnnotationState(SliceAxis::Sagittal, 12, AnnotationState::EmptyHere);
  study->editor().setWorklist(SliceAxis::Axial, {40, 20, 30});
  study->editor().addMissingLabels();
  study->editor().updateLabel({5, "hippo-L", {145, 255, 11}, true, true});
  QVERIFY(study->pendingBricks().empty());
  QVERIFY(study->hasUnsavedChanges());
  QVERIFY(study->save("b", "marks") > 0);
  QVERIFY(study->history().back().bricks.empty());
  QCOMPARE(study->historyLength(), int64_t(5));
  study.reset();

  auto reopened = Study::open(dir, Study::Mode::ReadOnly);
  QCOMPARE(reopened->labels().labelCounts(), (std::map<Label, uint64_t>{{5, 10}, {6, 9}, {7, 160 * 48}}));
  QCOMPARE(reopened->provenance().count(VoxelOrigin::Drawn), size_t(10 + 9 + 160 * 48));
  QCOMPARE(int(reopened->labels().at(15, 40, 30)), 5);
  QCOMPARE(int(reopened->labels().at(20, 100, 20)), 6);
  QCOMPARE(int(reopened->labels().at(21, 100, 21)), 6);  // the 3 mm disc: centre and 8 neighbours
  QCOMPARE(int(reopened->labels().at(22, 100, 20)), 0);
  QCOMPARE(int(reopened->labels().at(20, 101, 20)), 7);
  QCOMPARE(reopened->marks().keySlices(SliceAxis::Sagittal), std::vector<int64_t>{12});
  QCOMPARE(reopened->marks().worklist(SliceAxis::Axial), (std::vector<int64_t>{40, 20, 30}));
  QVERIFY(reopened->labelTable().find(5)->locked);
  QCOMPARE(reopened->labelTable().find(5)->name, std::string("hippo-L"));
  const auto history = reopened->history();
  QCOMPARE(history[4].author, std::string("b"));
  QCOMPARE(history[1].description, std::string("brush"));
}

void StudyTest::loadImageDetectsAChangedFile() {
  const QString copy = writeSmallImage(test::scratchDir(), "moving.nii.gz");
  const qint64 size = QFileInfo(copy).size();
  const std::string dir = newStudyDir("moving.study");
  auto study = Study::create(dir, copy.toStdString());
  const Volume v = study->loadImage();
  QCOMPARE(v.valueAt(39, 29, 19), double(39 + 2900 + 19000 - 5000));

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
    QCOMPARE(QString(e.what()), "the image " + copy + " changed since the study was created (" +
                                    QString::number(size + 1) + " bytes, expected " + QString::number(size) + ")");
  }
  QByteArray altered = bytes;
  altered[100] = char(altered[100] ^ 0x01);
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
  const QString original = writeSmallImage(test::scratchDir(), "will-vanish.nii.gz");
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
  QCOMPARE(study->loadImage().geometry().size, (Index3{40, 30, 20}));
  QVERIFY(study->dicomIdentity());
  QCOMPARE(*study->dicomIdentity(), (DicomIdentity{"1.2.3.4", "1.2.3.4.5", "1.2.3.9"}));
}

void StudyTest::proposalsRoundTrip() {
  const std::string dir = newStudyDir("proposals.study");
  auto study = Study::create(dir, writeSmallImage(test::scratchDir(), "p.nii.gz").toStdString());
  Proposal p;
  p.predictor = "shape";
  p.parametersJson = R"({"interpolation":"linear"})";
  p.axis = SliceAxis::Coronal;
  p.labels = LabelVolume(study->geometry());
  for (int64_t k = 2; k < 6; ++k)
    for (int64_t j = 3; j < 28; ++j) p.labels.set(7, j, k, 4);  // 100 voxels
  p.labels.set(8, 9, 19, 300);
  p.sliceConfidence.assign(30, 0.25f);
  p.sliceConfidence[10] = p.sliceConfidence[20] = 1.0f;
  p.keySlices = {10, 20};
  p.keyState = "00000000000000ff";
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
  QCOMPARE(summaries[0].slices, int64_t(30));
  QCOMPARE(summaries[0].keySlices, (std::vector<int64_t>{10, 20}));
  QCOMPARE(summaries[0].keyState, std::string("00000000000000ff"));
  QCOMPARE(summaries[0].createdUnixSeconds, int64_t(1764000000));
  const Proposal loaded = reopened->loadProposal(1);
  QCOMPARE(loaded.labels.labelCounts(), (std::map<Label, uint64_t>{{4, 100}, {300, 1}}));
  QCOMPARE(loaded.sliceConfidence[20], 1.0f);
  QCOMPARE(loaded.sliceConfidence[21], 0.25f);
  reopened->removeProposal(1);
  QCOMPARE(reopened->proposals().size(), size_t(1));
  QCOMPARE(reopened->proposals()[0].id, int64_t(2));
  QVERIFY_EXCEPTION_THROWN(reopened->loadProposal(1), StudyError);
  // The study's own labels never changed.
  QVERIFY(reopened->labels().labelCounts().empty());
}

// A proposal remembers the keys it was computed from; changing a key's marks or voxels (on its
// axis) makes it stale, edits elsewhere do not.
void StudyTest::proposalBecomesStaleWhenAKeyChanges() {
  const std::string dir = newStudyDir("stale.study");
  auto study = Study::create(dir, writeSmallImage(test::scratchDir(), "s.nii.gz").toStdString());
  AnnotationEditor& editor = study->editor();
  editor.paint({voxel(*study, 5, 5, 4)}, 2);
  editor.setAnnotationState(SliceAxis::Axial, 4, AnnotationState::Done);
  editor.setAnnotationState(SliceAxis::Axial, 12, AnnotationState::EmptyHere);
  Proposal p;
  p.predictor = "nearest";
  p.axis = SliceAxis::Axial;
  p.labels = LabelVolume(study->geometry());
  p.sliceConfidence.assign(20, 1.0f);
  p.keySlices = {4, 12};
  p.keyState = keyStateHash(study->annotation(), SliceAxis::Axial);
  study->addProposal(p);
  const auto fresh = [&] { return !study->isStale(study->proposals().at(0)); };
  QVERIFY(fresh());
  editor.paint({voxel(*study, 6, 6, 8)}, 2);  // slice 8 is no key
  editor.setAnnotationState(SliceAxis::Coronal, 5, AnnotationState::Done);  // another axis
  QVERIFY(fresh());
  const EditResult e = editor.paint({voxel(*study, 6, 6, 12)}, 2);  // a voxel in key 12
  QVERIFY(!fresh());
  editor.undo(*e.undo);
  QVERIFY(fresh());
  editor.setAnnotationState(SliceAxis::Axial, 16, AnnotationState::Done);  // a new key
  QVERIFY(!fresh());
  // Saved and reopened, the state survives; a proposal without a key state is always stale.
  study->save("a", "keys");
  study.reset();
  auto reopened = Study::open(dir, Study::Mode::ReadOnly);
  QVERIFY(reopened->isStale(reopened->proposals().at(0)));
  ProposalSummary unknown = reopened->proposals().at(0);
  unknown.keyState.clear();
  QVERIFY(reopened->isStale(unknown));
}

void StudyTest::clearErrors() {
  const QString image = writeSmallImage(test::scratchDir(), "e.nii.gz");
  const QString busy = test::scratchDir() + "/busy";
  QDir().mkpath(busy);
  QFile(busy + "/other.txt").open(QIODevice::WriteOnly);
  try {
    Study::create(busy.toStdString(), image.toStdString());
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
  QVERIFY_EXCEPTION_THROWN(Study::create(fresh.toStdString(), image.toStdString(), options), StudyError);
  QVERIFY(!QFileInfo::exists(fresh));  // a failed create leaves no half study behind
}

QTEST_GUILESS_MAIN(StudyTest)
#include "StudyTest.moc"
