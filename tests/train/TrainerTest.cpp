#include <torch/script.h>

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>

#include "jobs/JobFolder.h"

using namespace slicewise;
namespace fs = std::filesystem;

namespace {

QString trainerPath() { return QCoreApplication::applicationDirPath() + "/slicewise-train"; }

// 28 x 24 x 16: a disc (label 3) drifting along z over a dark background, keys every 3rd slice.
JobDescription smallJob(int64_t iterations) {
  JobDescription job;
  job.geometry.size = {28, 24, 16};
  job.imagePixelType = PixelType::UInt8;
  job.keySlices = {1, 4, 7, 10, 13};
  job.keyState = "00000000000000aa";
  job.seed = 11;
  job.device = "cpu";
  job.parameters.levels = 3;
  job.parameters.width = 8;
  job.parameters.batch = 4;
  job.parameters.iterations = iterations;
  job.parameters.threads = 1;
  job.parameters.checkpointIterations = 40;
  return job;
}

fs::path writeJob(const QTemporaryDir& tmp, const std::string& name, const JobDescription& job) {
  const ImageGeometry& g = job.geometry;
  std::vector<uint8_t> v(g.voxelCount());
  LabelVolume labels(g);
  const SlicePlane plane = slicePlane(g, SliceAxis::Axial);
  for (int64_t k = 0; k < g.size[2]; ++k)
    for (int64_t j = 0; j < g.size[1]; ++j)
      for (int64_t i = 0; i < g.size[0]; ++i) {
        const bool inside = std::hypot(double(i) - 10 - 0.5 * double(k), double(j) - 12) < 6;
        v[g.linearIndex(i, j, k)] = uint8_t(inside ? 150 + (i + j) % 7 : 30 + (i * 3 + k) % 5);
        if (inside && std::count(job.keySlices.begin(), job.keySlices.end(), k)) labels.set(i, j, k, 3);
      }
  (void)plane;
  const fs::path dir = fs::path(tmp.path().toStdString()) / name;
  JobFolder::create(dir, job, Volume(g, std::move(v)), labels);
  return dir;
}

struct Run {
  int exitCode = -1;
  QByteArray err;
};

Run train(const fs::path& dir, QStringList extra = {}) {
  QProcess p;
  p.start(trainerPath(), QStringList{QString::fromStdString(dir.string())} + extra);
  p.waitForFinished(120000);
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardError()};
}

std::string bytesOf(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool sameWeights(const fs::path& a, const fs::path& b) {
  auto ma = torch::jit::load(a.string()), mb = torch::jit::load(b.string());
  const auto pa = ma.named_parameters(), pb = mb.named_parameters();
  if (pa.size() != pb.size() || pa.size() == 0) return false;
  auto ib = pb.begin();
  for (const auto& x : pa) {
    const auto y = *ib++;
    if (x.name != y.name || !torch::equal(x.value, y.value)) return false;
  }
  return true;
}

// Every shared library ldd lists for a binary (names only).
QStringList sharedLibraries(const QString& binary) {
  QProcess ldd;
  ldd.start("ldd", {binary});
  ldd.waitForFinished(30000);
  QStringList out;
  for (const QString& line : QString::fromLocal8Bit(ldd.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts))
    out += line.trimmed().section(' ', 0, 0);
  return out;
}

// The libraries a binary names itself (ELF NEEDED entries).
QStringList directDependencies(const QString& binary) {
  QProcess readelf;
  readelf.start("readelf", {"-d", binary});
  readelf.waitForFinished(30000);
  QStringList out;
  for (const QString& line : QString::fromLocal8Bit(readelf.readAllStandardOutput()).split('\n'))
    if (line.contains("(NEEDED)")) out += line.section('[', 1).section(']', 0, 0);
  return out;
}

// Where the dynamic loader finds a library the trainer needs.
QString resolved(const QString& name) {
  QProcess ldd;
  ldd.start("ldd", {trainerPath()});
  ldd.waitForFinished(30000);
  for (const QString& line : QString::fromLocal8Bit(ldd.readAllStandardOutput()).split('\n'))
    if (line.trimmed().startsWith(name + " => ")) return line.section("=> ", 1).section(' ', 0, 0);
  return name;
}

nlohmann::json readJson(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

// Starts the trainer and sends `signal` once progress.json reports a checkpoint.
bool interrupt(const fs::path& dir, int signal, int64_t* checkpoint) {
  QProcess p;
  p.start(trainerPath(), {QString::fromStdString(dir.string()), "--quiet"});
  if (!p.waitForStarted()) return false;
  const JobFolder folder = JobFolder::open(dir);
  QElapsedTimer clock;
  clock.start();
  while (clock.elapsed() < 60000) {
    if (p.waitForFinished(5)) return false;  // finished before it could be interrupted
    std::optional<TrainingProgress> progress;
    try {
      progress = folder.readProgress();
    } catch (const JobError&) {
    }
    if (progress && progress->checkpointIteration >= 40) {
      ::kill(pid_t(p.processId()), signal);
      p.waitForFinished(30000);
      *checkpoint = progress->checkpointIteration;
      return true;
    }
  }
  p.kill();
  p.waitForFinished();
  return false;
}

}  // namespace

class TrainerTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // The trainer must run where only LibTorch is installed: it links nothing of the desktop app
  // or of study storage. Debian's LibTorch itself pulls in Qt 5 (through OpenCV), GDCM and SQLite
  // (through GDAL); those are LibTorch's, so only what the trainer adds beyond LibTorch's own
  // dependencies is checked for them.
  void linksNoDesktopOrStorageLibraries() {
    const QStringList trainer = sharedLibraries(trainerPath());
    QVERIFY2(trainer.join(' ').contains("libtorch"), qPrintable(trainer.join(' ')));
    for (const QString& lib : trainer)
      for (const char* banned : {"libitk", "libvtk", "libqt6", "libdcm", "libofstd", "liboflog"})
        QVERIFY2(!lib.startsWith(banned, Qt::CaseInsensitive), qPrintable(lib));
    QStringList fromTorch;
    for (const QString& lib : directDependencies(trainerPath()))
      if (lib.startsWith("libtorch") || lib.startsWith("libc10")) fromTorch += sharedLibraries(resolved(lib));
    for (const QString& lib : trainer) {
      if (fromTorch.contains(lib)) continue;
      for (const char* banned : {"libqt", "libsqlite", "libgdcm"})
        QVERIFY2(!lib.startsWith(banned, Qt::CaseInsensitive), qPrintable(lib + " is linked by the trainer itself"));
    }
    // Sanitizer builds keep references the linker drops otherwise (TBB, zlib): allowed where
    // LibTorch needs them anyway, as are the sanitizers' runtimes.
    for (const QString& lib : directDependencies(trainerPath()))
      QVERIFY2(lib.startsWith("libtorch") || lib.startsWith("libc10") || lib.startsWith("libstdc++") ||
                   lib.startsWith("libm.") || lib.startsWith("libgcc_s") || lib.startsWith("libc.") ||
                   lib.startsWith("ld-linux") || lib.startsWith("libasan") ||
                   lib.startsWith("libubsan") || lib.startsWith("libtsan") || fromTorch.contains(lib),
               qPrintable("unexpected direct dependency " + lib));
  }

  void usageAndFailuresAreOneLine() {
    QProcess none;
    none.start(trainerPath(), QStringList{});
    none.waitForFinished();
    QCOMPARE(none.exitCode(), 2);
    QProcess p;
    p.start(trainerPath(), {"--frobnicate"});
    p.waitForFinished();
    QCOMPARE(p.exitCode(), 2);
    QTemporaryDir tmp;
    Run r = train(fs::path(tmp.path().toStdString()) / "missing");
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains("is not a job folder"), r.err.constData());
    const fs::path dir = writeJob(tmp, "job", smallJob(10));
    r = train(dir, {"--device", "cuda:7", "--quiet"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("CUDA") || r.err.contains("cuda"), r.err.constData());
    QVERIFY2(!r.err.contains("Exception raised from"), r.err.constData());  // no LibTorch backtrace
    QCOMPARE(readJson(dir / "progress.json")["state"].get<std::string>(), std::string("failed"));
  }

  void killedTrainerResumesToIdenticalWeightsAndProposal() {
    QTemporaryDir tmp;
    const JobDescription job = smallJob(400);
    const fs::path whole = writeJob(tmp, "whole", job), killed = writeJob(tmp, "killed", job);
    Run r = train(whole, {"--quiet"});
    QVERIFY2(r.exitCode == 0, r.err.constData());

    int64_t checkpoint = 0;
    QVERIFY(interrupt(killed, SIGKILL, &checkpoint));
    QVERIFY(!fs::exists(killed / "proposal.json"));
    r = train(killed);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto progress = readJson(killed / "progress.json");
    QCOMPARE(progress["state"].get<std::string>(), std::string("finished"));
    QCOMPARE(progress["resumed_from_iteration"].get<int64_t>(), checkpoint);
    QVERIFY(checkpoint > 0 && checkpoint < 400);

    QVERIFY(sameWeights(whole / "weights.pt", killed / "weights.pt"));
    QVERIFY(bytesOf(whole / "proposal.raw") == bytesOf(killed / "proposal.raw"));
    const auto a = readJson(whole / "proposal.json"), b = readJson(killed / "proposal.json");
    QCOMPARE(a["slice_confidence"], b["slice_confidence"]);
    QCOMPARE(a["training"]["final_loss"], b["training"]["final_loss"]);
    QCOMPARE(b["training"]["resumed_from_iteration"].get<int64_t>(), checkpoint);
    QCOMPARE(b["key_state"].get<std::string>(), std::string("00000000000000aa"));
    // The proposal segments the disc on the slices between keys.
    const Proposal p = JobFolder::open(killed).readProposal();
    QCOMPARE(p.labels.at(10 + 1, 12, 2), Label(3));   // disc centre at x = 11 on slice 2
    QCOMPARE(p.labels.at(26, 2, 8), Label(0));
    for (const fs::path& f : {killed / "weights.pt", killed / "proposal.raw", killed / "checkpoint.pt"}) {
      QCOMPARE(fs::status(f).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
    }
    // Run again: nothing to do.
    r = train(killed);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains("finished already"), r.err.constData());
  }

  void terminatedTrainerCheckpointsAndSaysHowToResume() {
    QTemporaryDir tmp;
    const fs::path dir = writeJob(tmp, "job", smallJob(400));
    int64_t checkpoint = 0;
    QVERIFY(interrupt(dir, SIGTERM, &checkpoint));
    const auto progress = readJson(dir / "progress.json");
    QCOMPARE(progress["state"].get<std::string>(), std::string("training"));
    QVERIFY2(progress["message"].get<std::string>().find("run the job again to resume") != std::string::npos,
             progress.dump().c_str());
    // The checkpoint holds the iteration it stopped at, beyond the last periodic one.
    QVERIFY(progress["checkpoint_iteration"].get<int64_t>() >= checkpoint);
  }

  void secondTrainerOnTheSameJobIsRefused() {
    QTemporaryDir tmp;
    const fs::path dir = writeJob(tmp, "job", smallJob(3000));
    QProcess first;
    first.start(trainerPath(), {QString::fromStdString(dir.string()), "--quiet"});
    QVERIFY(first.waitForStarted());
    QElapsedTimer clock;
    clock.start();
    while (!fs::exists(dir / "progress.json") && clock.elapsed() < 30000) QTest::qWait(20);
    const Run second = train(dir, {"--quiet"});
    first.kill();
    first.waitForFinished();
    QCOMPARE(second.exitCode, 1);
    QVERIFY2(second.err.contains("another trainer is running this job"), second.err.constData());
  }
};

QTEST_GUILESS_MAIN(TrainerTest)
#include "TrainerTest.moc"
