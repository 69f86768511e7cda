#include "SlurmCluster.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QThread>

#include "TestData.h"

namespace slicewise::test {

namespace {

const QStringList kSbin{QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")};

QString findProgram(const QString& name) {
  QString found = QStandardPaths::findExecutable(name);
  if (found.isEmpty()) found = QStandardPaths::findExecutable(name, kSbin);
  return found;
}

// A TCP port that was free a moment ago (bound to port 0, then released).
int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  socklen_t len = sizeof(a);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

QString shortHostName() {
  char buf[256] = {};
  ::gethostname(buf, sizeof(buf) - 1);
  QString h = QString::fromLocal8Bit(buf);
  return h.section('.', 0, 0);
}

int memoryMegabytes() {
  QFile f(QStringLiteral("/proc/meminfo"));
  if (!f.open(QIODevice::ReadOnly)) return 1024;
  const QList<QByteArray> words = f.readLine().simplified().split(' ');  // MemTotal: N kB
  return words.size() >= 2 ? int(words[1].toLongLong() / 1024 * 8 / 10) : 1024;
}

QByteArray run(const QString& program, const QStringList& args, int* exitCode = nullptr) {
  QProcess p;
  p.start(program, args);
  p.waitForFinished(15000);
  if (exitCode) *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  return p.readAllStandardOutput() + p.readAllStandardError();
}

void stopProcess(std::unique_ptr<QProcess>& p) {
  if (!p) return;
  if (p->state() != QProcess::NotRunning) {
    ::kill(pid_t(p->processId()), SIGTERM);
    if (!p->waitForFinished(5000)) {
      ::kill(pid_t(p->processId()), SIGKILL);
      p->waitForFinished(5000);
    }
  }
  p.reset();
}

}  // namespace

SlurmCluster::~SlurmCluster() { stop(); }

QString SlurmCluster::unavailableReason() {
  if (::geteuid() != 0) return QStringLiteral("the test cluster's daemons run as root (not root here)");
  for (const char* program : {"munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "scancel", "sinfo"})
    if (findProgram(QString::fromLatin1(program)).isEmpty())
      return QStringLiteral("%1 is not installed (apt-get install slurmctld slurmd slurm-client munge)").arg(program);
  if (!QFile::exists(QStringLiteral("/etc/munge/munge.key")))
    return QStringLiteral("/etc/munge/munge.key is missing (reinstall munge)");
  return {};
}

std::unique_ptr<QProcess> SlurmCluster::startDaemon(const QString& program, const QStringList& args, QString* why) {
  auto p = std::make_unique<QProcess>();
  p->setProcessChannelMode(QProcess::MergedChannels);
  p->setStandardOutputFile(folder_ + "/" + QFileInfo(program).fileName() + ".out", QIODevice::Append);
  p->start(findProgram(program), args);
  if (!p->waitForStarted(10000)) {
    *why = QStringLiteral("cannot start %1: %2").arg(program, p->errorString());
    return nullptr;
  }
  return p;
}

bool SlurmCluster::start(QString* why) {
  stop();
  folder_ = scratchDir();
  node_ = shortHostName();
  QDir().mkpath(folder_ + "/state");
  QDir().mkpath(folder_ + "/spool");
  const int cpus = int(sysconf(_SC_NPROCESSORS_ONLN));
  const QString conf = QStringLiteral(
      "ClusterName=slicewise-test\n"
      "SlurmctldHost=%1\n"
      "SlurmUser=root\n"
      "SlurmdUser=root\n"
      "AuthType=auth/munge\n"
      "AuthInfo=socket=%2/munge.socket\n"
      "StateSaveLocation=%2/state\n"
      "SlurmdSpoolDir=%2/spool\n"
      "SlurmctldPidFile=%2/slurmctld.pid\n"
      "SlurmdPidFile=%2/slurmd.pid\n"
      "SlurmctldLogFile=%2/slurmctld.log\n"
      "SlurmdLogFile=%2/slurmd.log\n"
      "SlurmctldPort=%3\n"
      "SlurmdPort=%4\n"
      "ProctrackType=proctrack/linuxproc\n"
      "TaskPlugin=task/none\n"
      "JobAcctGatherType=jobacct_gather/none\n"
      "AccountingStorageType=accounting_storage/none\n"
      "SelectType=select/cons_tres\n"
      "SelectTypeParameters=CR_Core\n"
      "MpiDefault=none\n"
      "ReturnToService=2\n"
      "NodeName=%1 CPUs=%5 RealMemory=%6 State=UNKNOWN\n"
      "PartitionName=main Nodes=%1 Default=YES MaxTime=INFINITE State=UP\n")
                         .arg(node_, folder_)
                         .arg(freePort())
                         .arg(freePort())
                         .arg(cpus)
                         .arg(memoryMegabytes());
  QFile f(confPath());
  if (!f.open(QIODevice::WriteOnly) || f.write(conf.toUtf8()) < 0) {
    *why = QStringLiteral("cannot write ") + confPath();
    return false;
  }
  f.close();
  hadConf_ = qEnvironmentVariableIsSet("SLURM_CONF");
  previousConf_ = qgetenv("SLURM_CONF");
  qputenv("SLURM_CONF", confPath().toLocal8Bit());
  started_ = true;

  munged_ = startDaemon(QStringLiteral("munged"),
                        {"--foreground", "--force", "--socket=" + folder_ + "/munge.socket",
                         "--pid-file=" + folder_ + "/munged.pid", "--log-file=" + folder_ + "/munged.log",
                         "--seed-file=" + folder_ + "/munged.seed"},
                        why);
  if (!munged_) return false;
  QElapsedTimer t;
  t.start();
  while (!QFile::exists(folder_ + "/munge.socket") && t.elapsed() < 10000) QThread::msleep(50);
  slurmctld_ = startDaemon(QStringLiteral("slurmctld"), {"-D", "-f", confPath()}, why);
  if (!slurmctld_) return false;
  if (!startSlurmd(why)) return false;
  return waitForIdle(30000, why);
}

bool SlurmCluster::startSlurmd(QString* why) {
  slurmd_ = startDaemon(QStringLiteral("slurmd"), {"-D", "-f", confPath(), "-N", node_}, why);
  return slurmd_ != nullptr;
}

void SlurmCluster::killSlurmd() {
  if (!slurmd_) return;
  ::kill(pid_t(slurmd_->processId()), SIGKILL);
  slurmd_->waitForFinished(5000);
  slurmd_.reset();
}

qint64 SlurmCluster::slurmdPid() const { return slurmd_ ? slurmd_->processId() : 0; }

QString SlurmCluster::nodeState() const {
  return QString::fromLocal8Bit(run(findProgram("sinfo"), {"--noheader", "--format=%T"})).trimmed();
}

bool SlurmCluster::waitForIdle(int timeoutMs, QString* why) const {
  QElapsedTimer t;
  t.start();
  QString state;
  while (t.elapsed() < timeoutMs) {
    state = nodeState();
    if (state == QLatin1String("idle")) return true;
    QThread::msleep(200);
  }
  QFile log(folder_ + "/slurmctld.log");
  QString tail;
  if (log.open(QIODevice::ReadOnly)) tail = QString::fromLocal8Bit(log.readAll().right(600));
  *why = QStringLiteral("the Slurm node did not become idle within %1 s (sinfo: %2)\n%3")
             .arg(timeoutMs / 1000)
             .arg(state, tail);
  return false;
}

void SlurmCluster::stop() {
  if (!started_) return;
  if (slurmctld_ && slurmctld_->state() == QProcess::Running) {
    // Jobs first, so that no job step outlives the cluster.
    run(findProgram("scancel"), {"--me"});
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 15000 &&
           !run(findProgram("squeue"), {"--me", "--noheader", "--format=%i"}).trimmed().isEmpty() && slurmd_)
      QThread::msleep(200);
  }
  stopProcess(slurmd_);
  stopProcess(slurmctld_);
  stopProcess(munged_);
  if (hadConf_) qputenv("SLURM_CONF", previousConf_);
  else qunsetenv("SLURM_CONF");
  started_ = false;
}

}  // namespace slicewise::test
