#pragma once

// What the queue tests share: a small synthetic study with keys, the queue as `queue list --json`
// shows it, and workers started as real processes.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <cmath>
#include <memory>

#include "CliRunner.h"
#include "io/ImageIO.h"
#include "model/LabelVolume.h"

namespace slicewise::test {

// A 24 x 20 x 12 int16 volume with a disc (label 2) drifting along x, and its label map.
inline void writeDiscVolume(const QString& image, const QString& truth) {
  ImageGeometry g;
  g.size = {24, 20, 12};
  g.spacing = {1.5, 1.5, 3};
  std::vector<int16_t> v(g.voxelCount());
  LabelVolume labels(g);
  for (int64_t k = 0; k < 12; ++k)
    for (int64_t j = 0; j < 20; ++j)
      for (int64_t i = 0; i < 24; ++i) {
        const bool inside = std::hypot(double(i) - 9 - 0.5 * double(k), double(j) - 10) < 5;
        v[g.linearIndex(i, j, k)] = int16_t(inside ? 300 : 50);
        if (inside) labels.set(i, j, k, 2);
      }
  writeImage(Volume(g, std::move(v)), image.toStdString());
  writeLabelMap(labels, truth.toStdString());
}

// A study of the disc volume with axial keys 1, 4, 7, 10 drawn from the truth.
inline QString makeDiscStudy(const QString& dir, const QString& name) {
  const QString image = dir + "/" + name + ".nii.gz", truth = dir + "/" + name + "-truth.nii.gz";
  writeDiscVolume(image, truth);
  const QString study = dir + "/" + name + ".study";
  CliResult r = runCli({"study", "create", image, "--out", study});
  if (r.exitCode != 0) qFatal("study create: %s", r.err.constData());
  r = runCli({"study", "annotate", study, "--from", truth, "--slices", "1,4,7,10"});
  if (r.exitCode != 0) qFatal("study annotate: %s", r.err.constData());
  return study;
}

// Network parameters small enough that a job trains in a second or two on one core.
inline const QString kTinyNetwork = QStringLiteral(
    R"({"levels":2,"width":4,"batch":2,"augment":false,"checkpoint_iterations":10})");

inline QJsonArray listJobs(const QString& queue) {
  const CliResult r = runCli({"queue", "list", "--json", "--queue", queue});
  if (r.exitCode != 0) qFatal("queue list: %s", r.err.constData());
  return r.json().object()["jobs"].toArray();
}

inline QJsonObject jobById(const QString& queue, int64_t id) {
  for (const auto& j : listJobs(queue))
    if (j.toObject()["id"].toInteger() == id) return j.toObject();
  return {};
}

// `queue add` with the tiny network; returns the job ID.
inline int64_t addJob(const QString& queue, const QString& study, int iterations, const QStringList& extra = {}) {
  const CliResult r = runCli(QStringList{"queue", "add", study, "--predictor", "unet", "--iterations",
                                         QString::number(iterations), "--threads", "1", "--device", "cpu",
                                         "--seed", "5", "--parameters", kTinyNetwork, "--queue", queue, "--json"} +
                             extra);
  if (r.exitCode != 0) qFatal("queue add: %s", r.err.constData());
  return r.json().object()["job"].toObject()["id"].toInteger();
}

// A worker as a process of its own, for the tests that kill or watch it.
inline std::unique_ptr<QProcess> startWorker(const QString& queue, const QStringList& extra = {}) {
  auto p = std::make_unique<QProcess>();
  p->setProgram(cliPath());
  p->setArguments(QStringList{"worker", "--queue", queue, "--heartbeat-seconds", "0.2", "--poll-seconds", "0.2"} + extra);
  p->start();
  if (!p->waitForStarted()) qFatal("cannot start a worker");
  return p;
}

// Polls `condition` every 50 ms for up to timeoutMs.
template <typename F>
bool waitFor(F condition, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < timeoutMs) {
    if (condition()) return true;
    QTest::qWait(50);
  }
  return condition();
}

// Whether a process is gone (or a zombie nobody reaped yet: it runs no more code).
inline bool processEnded(qint64 pid) {
  QFile stat(QString("/proc/%1/stat").arg(pid));
  if (!stat.open(QIODevice::ReadOnly)) return true;
  const QByteArray s = stat.readAll();
  const int close = s.lastIndexOf(')');
  return close > 0 && s.size() > close + 2 && s[close + 2] == 'Z';
}

}  // namespace slicewise::test
