#pragma once

#include <QProcess>
#include <QString>
#include <memory>

namespace slicewise::test {

// A single-node Slurm cluster on this machine (Debian's munge, slurmctld, slurmd; DESIGN §3):
// a private munged socket, a generated slurm.conf with free ports, proctrack/linuxproc, no task
// plugin, no accounting, its state and logs in a scratch folder. The daemons run in the
// foreground as children of the test and are stopped by their PIDs when the object goes (also
// when a test fails half-way); SLURM_CONF points at the cluster while it lives.
class SlurmCluster {
 public:
  SlurmCluster() = default;
  ~SlurmCluster();
  SlurmCluster(const SlurmCluster&) = delete;
  SlurmCluster& operator=(const SlurmCluster&) = delete;

  // Why a cluster cannot be started here ("" when it can): not root, or a daemon or Slurm's
  // client commands missing.
  static QString unavailableReason();

  // Starts the daemons and waits (up to 30 s) until sinfo shows the node idle.
  bool start(QString* why);
  // Cancels what is left in Slurm, then stops slurmd, slurmctld and munged by their PIDs.
  void stop();

  // The node's slurmd alone, for tests of a node that goes away and comes back.
  void killSlurmd();
  bool startSlurmd(QString* why);
  qint64 slurmdPid() const;

  const QString& folder() const { return folder_; }
  QString confPath() const { return folder_ + "/slurm.conf"; }
  // The node's state as sinfo prints it ("idle", "mixed", "down*"...).
  QString nodeState() const;

 private:
  bool waitForIdle(int timeoutMs, QString* why) const;
  std::unique_ptr<QProcess> startDaemon(const QString& program, const QStringList& args, QString* why);

  QString folder_, node_;
  QByteArray previousConf_;
  bool hadConf_ = false, started_ = false;
  std::unique_ptr<QProcess> munged_, slurmctld_, slurmd_;
};

}  // namespace slicewise::test

// Skips the test (fails it under CI=true) where a Slurm cluster cannot be started.
#define SLICEWISE_REQUIRE_SLURM()                                                                   \
  do {                                                                                              \
    const QString reason_ = slicewise::test::SlurmCluster::unavailableReason();                     \
    if (!reason_.isEmpty()) {                                                                       \
      if (slicewise::test::runningInCi()) QFAIL(qPrintable("no Slurm under CI: " + reason_));       \
      QSKIP(qPrintable("no Slurm here: " + reason_));                                               \
    }                                                                                               \
  } while (0)
