// Creating a study is all or nothing: a create killed at any moment leaves either no study or a
// whole one under the target's name (never a folder that neither opens nor can be re-created),
// two creates racing for one name leave the winner's study intact, and a copied image with a
// separate data file is copied whole.
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTest>

#include <random>

#include "StudyGrid.h"
#include "StudyPattern.h"
#include "TestData.h"
#include "study/Study.h"

using namespace slicewise;

class StudyCreateTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void killedCreateLeavesNoHalfStudy();
  void racingCreatesKeepTheWinner();
  void copiedMetaImageKeepsItsVoxels();
};

namespace {

// Whether every label is save 1's pattern (a create's labels: nobody drew them, provenance none).
bool holdsPattern(const Study& study) {
  for (size_t i = 0; i < study.labels().voxelCount(); ++i)
    if (study.labels().data()[i] != test::patternLabel(i, 1) || study.provenance().at(i) != VoxelOrigin::None)
      return false;
  return true;
}

QStringList buildFolders(const QString& parent) {
  return QDir(parent).entryList({"*.creating.*"}, QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
}

}  // namespace

void StudyCreateTest::killedCreateLeavesNoHalfStudy() {
  const QString root = test::scratchDir();
  const QString image = test::writePatternGridImage(root);
  const QString target = root + "/killed.study";
  std::mt19937 rng(7);
  int complete = 0, absent = 0;
  for (int round = 0; round < 16; ++round) {
    QProcess child;
    child.start(STUDY_TEST_CHILD, {"create", target, image});
    QVERIFY(child.waitForStarted());
    QTest::qWait(int(std::uniform_int_distribution<int>(0, 400)(rng)));
    child.kill();
    if (child.state() != QProcess::NotRunning) QVERIFY(child.waitForFinished(30000));
    if (Study::isStudy(target.toStdString())) {
      // A whole study: it opens and holds every label of the pattern.
      auto study = Study::open(target.toStdString(), Study::Mode::ReadOnly);
      QVERIFY(holdsPattern(*study));
      ++complete;
      QVERIFY(QDir(target).removeRecursively());
    } else {
      // Nothing under the name, so creating it now works.
      QVERIFY(!QFileInfo::exists(target) || QDir(target).isEmpty());
      ++absent;
      auto study = Study::create(target.toStdString(), image.toStdString());
      QVERIFY(study->labels().labelCounts().empty());
      study.reset();
      QVERIFY(QDir(target).removeRecursively());
      // That create also removed the killed one's build folder.
      QCOMPARE(buildFolders(root), QStringList{});
    }
  }
  qInfo("killed creates: %d finished before the kill, %d left nothing", complete, absent);
  QVERIFY(absent > 0);
}

void StudyCreateTest::racingCreatesKeepTheWinner() {
  const QString root = test::scratchDir();
  const QString image = test::writePatternGridImage(root);
  for (int round = 0; round < 6; ++round) {
    const QString target = root + "/race" + QString::number(round) + ".study";
    QProcess a, b;
    a.start(STUDY_TEST_CHILD, {"create", target, image});
    b.start(STUDY_TEST_CHILD, {"create", target, image});
    QVERIFY(a.waitForFinished(60000));
    if (b.state() != QProcess::NotRunning) QVERIFY(b.waitForFinished(60000));
    QStringList outcomes{QString(a.readAllStandardOutput().trimmed()), QString(b.readAllStandardOutput().trimmed())};
    outcomes.sort();
    QCOMPARE(outcomes[0], QString("created"));
    QCOMPARE(outcomes[1], "error: cannot create study " + target + ": the folder exists and is not empty");
    auto study = Study::open(target.toStdString(), Study::Mode::ReadOnly);
    QCOMPARE(QString::fromStdString(study->integrityCheck()), QString("ok"));
    QVERIFY(holdsPattern(*study));
  }
  QCOMPARE(buildFolders(root), QStringList{});
}

// A MetaImage header names its data file; copying only the header would leave an unreadable copy.
void StudyCreateTest::copiedMetaImageKeepsItsVoxels() {
  const QString root = test::scratchDir();
  QFile h(root + "/ramp.mhd");
  QVERIFY(h.open(QIODevice::WriteOnly));
  h.write("ObjectType = Image\nNDims = 3\nDimSize = 4 3 2\nElementType = MET_UCHAR\n"
          "ElementSpacing = 1 1 1\nElementDataFile = ramp.raw\n");
  h.close();
  QFile r(root + "/ramp.raw");
  QVERIFY(r.open(QIODevice::WriteOnly));
  QByteArray ramp;
  for (int i = 0; i < 24; ++i) ramp.append(char(10 * i));
  r.write(ramp);
  r.close();
  StudyCreateOptions options;
  options.copyImage = true;
  const std::string dir = (root + "/copied.study").toStdString();
  Study::create(dir, (root + "/ramp.mhd").toStdString(), options).reset();
  QVERIFY(QFile::remove(root + "/ramp.raw"));
  QVERIFY(QFile::remove(root + "/ramp.mhd"));
  auto study = Study::open(dir, Study::Mode::ReadOnly);
  QCOMPARE(study->image().path, std::string("image.mha"));
  const Volume v = study->loadImage();
  QCOMPARE(v.valueAt(3, 2, 1), 230.0);  // voxel 23
  QCOMPARE(v.valueAt(1, 0, 0), 10.0);
}

QTEST_GUILESS_MAIN(StudyCreateTest)
#include "StudyCreateTest.moc"
