#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <cmath>

#include "CliRunner.h"
#include "SliceGroupVolume.h"
#include "TestData.h"
#include "io/ImageIO.h"

using namespace slicewise;
using slicewise::test::runCli;

namespace {

QJsonArray ints(std::initializer_list<int> v) {
  QJsonArray a;
  for (int x : v) a.append(x);
  return a;
}

// 12 x 11 x 10 voxels of 0.7 x 0.7 x 2.5 mm: 10 axial slices, anisotropic like clinical CT.
QString anisotropicImage() {
  static const QString path = [] {
    Volume v = test::sliceGroupVolume(SliceAxis::Axial, {0, 1, 2, 3, 0, 1, 2, 3, 0, 1}, 12, 11);
    ImageGeometry g = v.geometry();
    g.spacing = {0.7, 0.7, 2.5};
    const QString p = QDir(test::scratchDir()).filePath("ct.nii.gz");
    writeImage(Volume(g, v.storage()), p.toStdString());
    return p;
  }();
  return path;
}

}  // namespace

class SelectCommandTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // Keep_n, n = 10, k = 4: slices 1, 3, 6, 8 (the DESIGN formula), worklist order 3, 6, 1, 8.
  void keepNJson() {
    const auto r = runCli({"select", anisotropicImage(), "--selector", "keep_n", "--count", "4", "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = r.json().object();
    QCOMPARE(j["axis"].toString(), QString("axial"));
    QCOMPARE(j["selector"].toString(), QString("keep_n"));
    QCOMPARE(j["count"].toInt(), 4);
    QCOMPARE(j["slices"].toArray(), ints({3, 6, 1, 8}));
    // 40 % of 10 slices is the same budget.
    const auto b = runCli({"select", "--image", anisotropicImage(), "--budget", "40%", "--json"});
    QCOMPARE(b.exitCode, 0);
    QCOMPARE(b.json().object()["slices"].toArray(), ints({3, 6, 1, 8}));
    QCOMPARE(b.json().object()["budget_percent"].toDouble(), 40.0);
  }

  // 2.5 mm between axial slices, 0.7 mm between coronal ones: coronal is recommended, and
  // selecting axial slices says so on stderr.
  void axisAdvice() {
    const auto r = runCli({"select", anisotropicImage(), "--count", "3", "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject advice = r.json().object()["advice"].toObject();
    QCOMPARE(advice["recommended"].toString(), QString("coronal"));
    QVERIFY(advice["anisotropic"].toBool());
    QCOMPARE(advice["axes"].toObject()["axial"].toObject()["slice_spacing_mm"].toDouble(), 2.5);
    QVERIFY(r.err.contains("coronal"));
    const auto c = runCli({"select", anisotropicImage(), "--count", "3", "--axis", "coronal", "--json"});
    QCOMPARE(c.exitCode, 0);
    QCOMPARE(c.json().object()["axis"].toString(), QString("coronal"));
    QVERIFY(!c.err.contains("advice"));
  }

  void everySelectorAnswers_data() {
    QTest::addColumn<QString>("selector");
    for (const char* s : {"random", "keep_n", "kmeans", "histogram", "ssim", "perceptual"}) QTest::newRow(s) << QString(s);
  }
  void everySelectorAnswers() {
    QFETCH(QString, selector);
    const auto r = runCli({"select", anisotropicImage(), "--selector", selector, "--count", "5",
                           "--seed", "3", "--clusters", "4", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject j = r.json().object();
    QCOMPARE(j["slices"].toArray().size(), 5);
    QCOMPARE(j["axis"].toString(), QString("axial"));
    QCOMPARE(j.contains("uncalibrated"), selector == "perceptual");
    if (selector == "perceptual") {
      QVERIFY(j["uncalibrated"].toBool());
      QVERIFY(r.err.contains("uncalibrated"));
    }
    // Same seed, same list.
    const auto again = runCli({"select", anisotropicImage(), "--selector", selector, "--count", "5",
                               "--seed", "3", "--clusters", "4", "--json"});
    QCOMPARE(again.json().object()["slices"].toArray(), j["slices"].toArray());
  }

  void badInput() {
    auto r = runCli({"select", anisotropicImage(), "--selector", "nonsense", "--count", "3"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("keep_n"));
    r = runCli({"select", anisotropicImage(), "--count", "11"});  // 10 axial slices
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.count('\n'), 1);
    r = runCli({"select", anisotropicImage(), "--budget", "150"});
    QCOMPARE(r.exitCode, 2);
    r = runCli({"select", anisotropicImage(), "--budget", "20", "--count", "3"});
    QCOMPARE(r.exitCode, 2);
    r = runCli({"select", anisotropicImage()});
    QCOMPARE(r.exitCode, 2);
    // 0 is refused with a message that says what is expected (not "0 not in range 0 to ...").
    for (const char* option : {"--count", "--clusters"}) {
      QStringList args{"select", anisotropicImage(), option, "0"};
      if (QString(option) == "--clusters") args << "--count" << "2";
      r = runCli(args);
      QCOMPARE(r.exitCode, 2);
      QVERIFY2(r.err.contains("at least 1") && !r.err.contains("range 0"), r.err.constData());
    }
    r = runCli({"select", anisotropicImage(), "--selector", "ssim", "--count", "2", "--axis", "sagittal"});
    QCOMPARE(r.exitCode, 1);  // 11 x 10 pixel slices: too small for the 11 x 11 window
    QVERIFY(r.err.contains("11 x 11"));
    r = runCli({"select", "/nonexistent.nii.gz", "--count", "2"});
    QCOMPARE(r.exitCode, 1);
    r = runCli({"select", anisotropicImage(), "--selector", "perceptual", "--count", "2", "--network", "/nonexistent.pt"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("network"));
  }

  // The worklist lands in the study as to-annotate marks, in rank order.
  void writesTheWorklistIntoAStudy() {
    const QString dir = QDir(test::scratchDir()).filePath("study");
    QCOMPARE(runCli({"study", "create", anisotropicImage(), "--out", dir}).exitCode, 0);
    const auto r = runCli({"select", anisotropicImage(), "--count", "4", "--axis", "coronal", "--study", dir, "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // 11 coronal slices, k = 4: 11/8, 33/8, 55/8, 77/8 -> 1, 4, 6, 9
    const QJsonArray order = r.json().object()["slices"].toArray();
    QCOMPARE(order.size(), 4);
    const auto info = runCli({"study", "info", dir, "--json"});
    QCOMPARE(info.exitCode, 0);
    QCOMPARE(info.json().object()["marks"].toObject()["coronal"].toObject()["to_annotate"].toArray(), order);
    // Without IMAGE the study's own image is used.
    const auto fromStudy = runCli({"select", "--study", dir, "--count", "4", "--json"});
    QVERIFY2(fromStudy.exitCode == 0, fromStudy.err.constData());
    QCOMPARE(fromStudy.json().object()["slices"].toArray(), ints({3, 6, 1, 8}));
    QCOMPARE(runCli({"select", anisotropicImage(), "--count", "2", "--study", test::scratchDir()}).exitCode, 1);
  }

  // The benchmark runs (on a small volume here) and reports every selector beside the paper.
  void benchSelectorsSmall() {
    const auto r = runCli({"bench", "selectors", "--size", "32x30x24", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray rows = r.json().object()["selectors"].toArray();
    QCOMPARE(rows.size(), 6);
    // Every row is timed, and its speed-up is the paper's time over the measured one.
    for (const auto& row : rows) {
      const QJsonObject r = row.toObject();
      QVERIFY(r["seconds"].toDouble() > 0);
      if (r.contains("paper_seconds"))
        QVERIFY(std::abs(r["speedup"].toDouble() - r["paper_seconds"].toDouble() / r["seconds"].toDouble()) <=
                1e-9 * r["speedup"].toDouble());
    }
    QCOMPARE(rows[4].toObject()["selector"].toString(), QString("ssim"));
    // No "best of 0" table: a run count below 1 is bad usage.
    for (const char* repeat : {"0", "-1"})
      QCOMPARE(runCli({"bench", "selectors", "--size", "32x30x24", "--repeat", repeat}).exitCode, 2);
  }
};

QTEST_GUILESS_MAIN(SelectCommandTest)
#include "SelectCommandTest.moc"
