// A save that cannot be written (the file size limit stands in for a full disk) fails with a
// clear message, leaves the previous save intact, and keeps the changes for the next attempt.
#include <QProcess>
#include <QTest>

#include "StudyGrid.h"
#include "StudyPattern.h"
#include "TestData.h"
#include "study/Study.h"

using namespace slicewise;

class StudyDiskFullTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void fullDiskKeepsPreviousSave();
};

void StudyDiskFullTest::fullDiskKeepsPreviousSave() {
  const QString root = test::scratchDir();
  const std::string dir = (root + "/full.study").toStdString();
  {
    auto study = Study::create(dir, test::writePatternGridImage(root).toStdString());
    test::paintPattern(study->editor(), 1);
    study->save("tester", "seq 1");
  }
  const QByteArray expected =
      "error: cannot save study " + QByteArray::fromStdString(dir) +
      ": the disk is full (or the file size limit was reached)";
  {
    QProcess child;
    child.start(STUDY_TEST_CHILD, {"fill", QString::fromStdString(dir), "65536"});
    QVERIFY(child.waitForFinished(60000));
    QCOMPARE(child.exitCode(), 0);
    QCOMPARE(child.readAllStandardOutput().trimmed(), expected);
  }
  {
    // The previous save is intact and the failed one left no trace.
    auto study = Study::open(dir, Study::Mode::ReadOnly);
    QCOMPARE(QString::fromStdString(study->integrityCheck()), QString("ok"));
    QCOMPARE(study->historyLength(), int64_t(2));
    QCOMPARE(test::firstPatternMismatch(study->labels(), study->provenance(), 1), int64_t(-1));
  }
  // Once there is room again, the same process saves the changes it kept.
  QProcess child;
  child.start(STUDY_TEST_CHILD, {"fill", QString::fromStdString(dir), "65536", "retry"});
  QVERIFY(child.waitForFinished(60000));
  QCOMPARE(child.exitCode(), 0);
  const QList<QByteArray> lines = child.readAllStandardOutput().trimmed().split('\n');
  QCOMPARE(lines.size(), qsizetype(2));
  QCOMPARE(lines[0], expected);
  QCOMPARE(lines[1], QByteArray("retry saved 2"));
  auto study = Study::open(dir, Study::Mode::ReadOnly);
  QCOMPARE(QString::fromStdString(study->integrityCheck()), QString("ok"));
  const auto history = study->history();
  QCOMPARE(history.size(), size_t(3));
  QCOMPARE(QString::fromStdString(history[0].description), QString("create"));
  QCOMPARE(QString::fromStdString(history[1].description), QString("seq 1"));
  QCOMPARE(QString::fromStdString(history[2].description), QString("seq 2"));
  QCOMPARE(history[2].bricks.size(), size_t(50));  // every brick of the 5 x 5 x 2
  QCOMPARE(test::firstPatternMismatch(study->labels(), study->provenance(), 2), int64_t(-1));
}

QTEST_GUILESS_MAIN(StudyDiskFullTest)
#include "StudyDiskFullTest.moc"
