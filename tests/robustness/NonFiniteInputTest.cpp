// NaN and infinite voxels through the CLI: counted by `info`, left out of its range, and warned
// about once by commands that select, however many selections they run. Before, `info` gave no
// count and a range ending in inf (printed as null in JSON), and kmeans/ssim selected blind.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <cmath>
#include <limits>
#include <set>

#include "ChildProcess.h"
#include "RobustnessFixtures.h"

using namespace slicewise::test;

namespace {

// 24 x 20 x 30 floats; slice k shows pattern (7k + k/5) mod 4 (sines, cosines, a ramp,
// a checkerboard), 100 times over; then two NaN voxels and one +inf.
QString writeImage(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return {};
  f.write("NRRD0004\ntype: float\ndimension: 3\nsizes: 24 20 30\nendian: little\nencoding: raw\n\n");
  std::vector<float> v(24 * 20 * 30);
  for (int k = 0; k < 30; ++k)
    for (int y = 0; y < 20; ++y)
      for (int x = 0; x < 24; ++x) {
        const int g = (k * 7 + k / 5) % 4;
        const double p = g == 0 ? std::sin(x / 3.0) : g == 1 ? std::cos(y / 2.0) : g == 2 ? (x + y) / 40.0 : ((x / 4 + y / 4) % 2);
        v[size_t((k * 20 + y) * 24 + x)] = float(100 * p);
      }
  v[5 * 480 + 5 * 24 + 5] = std::numeric_limits<float>::quiet_NaN();
  v[0] = std::numeric_limits<float>::quiet_NaN();
  v[17 * 480 + 3] = std::numeric_limits<float>::infinity();
  f.write(reinterpret_cast<const char*>(v.data()), qint64(v.size() * sizeof(float)));
  return path;
}

int occurrences(const QByteArray& text, const QByteArray& what) { return int(text.count(what)); }

}  // namespace

class NonFiniteInputTest : public QObject {
  Q_OBJECT
  QString image_;

 private Q_SLOTS:
  void initTestCase() {
    image_ = writeImage(scratchDir() + "/nan.nrrd");
    QVERIFY(!image_.isEmpty());
  }

  void infoCountsThemAndLeavesThemOutOfTheRange() {
    const ChildResult r = runCliChild({"info", image_, "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(j["nan_voxels"].toInt(), 2);
    QCOMPARE(j["infinite_voxels"].toInt(), 1);
    // 100 times the patterns' extremes: the ramp reaches (23 + 19) / 40 = 1.05, the sine
    // sin(14 / 3) = -0.99895 (cos(19 / 2) = -0.99717 stays above it).
    QCOMPARE(j["range"].toArray()[1].toDouble(), 105.0);
    QVERIFY(std::abs(j["range"].toArray()[0].toDouble() - 100 * std::sin(14 / 3.0)) < 1e-3);
    QCOMPARE(occurrences(r.err, "the image holds 2 NaN and 1 infinite voxel(s)"), 1);
  }

  // 4 groups, 4 clusters, 4 slices: one from each group, and one warning.
  void selectWarnsOnceAndStaysContentAware() {
    for (const char* selector : {"kmeans", "ssim"}) {
      const ChildResult r = runCliChild({"select", image_, "--selector", selector, "--count", "4", "--clusters", "4", "--json"});
      QVERIFY2(r.exitCode == 0, r.err.constData());
      QCOMPARE(occurrences(r.err, "the image holds"), 1);
      std::set<int> groups;
      for (const auto& s : QJsonDocument::fromJson(r.out).object()["slices"].toArray())
        groups.insert((s.toInt() * 7 + s.toInt() / 5) % 4);
      QCOMPARE(groups, (std::set<int>{0, 1, 2, 3}));
    }
  }

  // evaluate selects for every budget: still one warning.
  void evaluateWarnsOnce() {
    const QString labels = scratchDir() + "/labels.nrrd";
    // Labels on the NaN image's grid: the image's own checkerboard slices as label 1.
    QFile f(labels);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("NRRD0004\ntype: uint8\ndimension: 3\nsizes: 24 20 30\nencoding: raw\n\n");
    QByteArray voxels(24 * 20 * 30, '\0');
    for (int k = 0; k < 30; ++k)
      for (int i = 0; i < 480; ++i) voxels[k * 480 + i] = char((i / 24 > 4 && i / 24 < 15 && i % 24 > 4 && i % 24 < 19) ? 1 : 0);
    f.write(voxels);
    f.close();
    const ChildResult r = runCliChild({"evaluate", "--image", image_, "--truth", labels, "--selector", "kmeans",
                                       "--predictor", "nearest", "--budget", "12.5,20,33,50"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(occurrences(r.err, "the image holds"), 1);
  }
};

QTEST_GUILESS_MAIN(NonFiniteInputTest)
#include "NonFiniteInputTest.moc"
