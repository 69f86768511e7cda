// Benchmark (not a test): retrieve time and throughput of C-GET and C-MOVE from a local Orthanc
// for the shared 20-slice CT and a synthetic 300-slice 512 x 512 CT.
//   slicewise-bench-pacs [--repeats N] [--slices N]
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "DicomFixtures.h"
#include "OrthancServer.h"
#include "TestData.h"
#include "pacs/PacsClient.h"

using namespace slicewise;

namespace {

struct Row {
  QString series, method;
  int images = 0;
  double megabytes = 0, seconds = 0;
};

std::vector<std::string> filesIn(const QString& folder) {
  std::vector<std::string> files;
  for (const QString& f : QDir(folder).entryList(QDir::Files)) files.push_back(QDir(folder).filePath(f).toStdString());
  return files;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

Row measure(const PacsClient& client, const QString& name, const QString& seriesUid, RetrieveMethod method, int repeats) {
  Row row;
  row.series = name;
  row.method = method == RetrieveMethod::Get ? "C-GET" : "C-MOVE";
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    RetrieveRequest request;
    request.seriesUid = seriesUid.toStdString();
    request.method = method;
    const QString out = test::scratchDir() + "/series";
    const RetrieveResult result = client.retrieveSeries(request, out.toStdString());
    times.push_back(result.seconds);
    row.images = result.images;
    row.megabytes = double(result.bytes) / 1e6;
    QDir(out).removeRecursively();
  }
  row.seconds = median(times);
  return row;
}

// DCMTK's own getscu on the same series, for reference (when the dcmtk tools are installed).
double getscuSeconds(const test::OrthancServer& orthanc, const test::SeriesIdentity& id, int repeats) {
  const QString getscu = QStandardPaths::findExecutable("getscu");
  if (getscu.isEmpty()) return -1;
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    const QString out = test::scratchDir();
    QElapsedTimer clock;
    clock.start();
    QProcess p;
    p.start(getscu, {"-aet", "SLICEWISE", "-aec", "ORTHANC", "-k", "QueryRetrieveLevel=SERIES", "-k",
                     "StudyInstanceUID=" + id.studyUid, "-k", "SeriesInstanceUID=" + id.seriesUid, "-od", out,
                     "127.0.0.1", QString::number(orthanc.dicomPort())});
    if (!p.waitForFinished(600000) || p.exitCode() != 0) return -1;
    times.push_back(clock.elapsed() / 1000.0);
    QDir(out).removeRecursively();
  }
  return median(times);
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int repeats = 3, slices = 300;
  for (int i = 1; i + 1 < argc; ++i) {
    if (QString(argv[i]) == "--repeats") repeats = std::max(1, atoi(argv[++i]));
    else if (QString(argv[i]) == "--slices") slices = std::max(2, atoi(argv[++i]));
  }
  if (test::OrthancServer::executable().isEmpty()) {
    std::fprintf(stderr, "slicewise-bench-pacs: Orthanc is not installed (Debian package orthanc)\n");
    return 1;
  }
  const int movePort = test::freeLoopbackPort();
  test::OrthancServer orthanc;
  test::OrthancServer::Options options;
  options.moveDestinations = {{"SLICEWISE", movePort}};
  QString why;
  if (!orthanc.start(options, &why)) {
    std::fprintf(stderr, "slicewise-bench-pacs: %s\n", qPrintable(why));
    return 1;
  }
  const PacsClient client(orthanc.node("SLICEWISE", movePort));

  struct Series {
    QString name;
    test::SeriesIdentity id;
  };
  std::vector<Series> series;
  const QString ct = test::sharedData(test::kSharedCtSeries);
  if (!ct.isEmpty()) {
    const QString copy = test::scratchDir();
    if (test::copySeriesWithIdentity(ct, copy, test::sharedCtIdentity(), &why) > 0) {
      client.send(filesIn(copy));
      series.push_back({"shared CT, 20 x 512 x 512", test::sharedCtIdentity()});
    }
  } else {
    std::fprintf(stderr, "shared CT not present (../shared/data/%s): measuring the synthetic series only\n",
                 qPrintable(test::kSharedCtSeries));
  }
  test::SeriesIdentity synthetic{"2.25.41551739112736016640102411217150733001", "2.25.41551739112736016640102411217150733002",
                                 "BENCH^SYNTHETIC", "SW-BENCH", ""};
  const QString folder = test::scratchDir();
  if (!test::writeSyntheticCtSeries(folder, slices, 512, 512, synthetic, &why)) {
    std::fprintf(stderr, "slicewise-bench-pacs: %s\n", qPrintable(why));
    return 1;
  }
  QElapsedTimer storeClock;
  storeClock.start();
  const SendResult sent = client.send(filesIn(folder));
  const double storeSeconds = storeClock.elapsed() / 1000.0;
  series.push_back({QStringLiteral("synthetic CT, %1 x 512 x 512").arg(slices), synthetic});

  std::printf("Retrieve from Orthanc %s on loopback, median of %d runs (files written and flushed to disk)\n\n",
              "1.10", repeats);
  std::printf("| series | method | images | MB | seconds | MB/s |\n| --- | --- | --- | --- | --- | --- |\n");
  for (const Series& s : series) {
    for (RetrieveMethod m : {RetrieveMethod::Get, RetrieveMethod::Move}) {
      const Row r = measure(client, s.name, s.id.seriesUid, m, repeats);
      std::printf("| %s | %s | %d | %.1f | %.2f | %.1f |\n", qPrintable(r.series), qPrintable(r.method), r.images,
                  r.megabytes, r.seconds, r.megabytes / r.seconds);
    }
    const double reference = getscuSeconds(orthanc, s.id, repeats);
    if (reference > 0) std::printf("| %s | getscu (DCMTK tool) | | | %.2f | |\n", qPrintable(s.name), reference);
  }
  std::printf("\nC-STORE of the synthetic series into Orthanc: %d images, %.1f MB in %.2f s (%.1f MB/s)\n", sent.sent,
              double(sent.bytes) / 1e6, storeSeconds, double(sent.bytes) / 1e6 / storeSeconds);
  return 0;
}
