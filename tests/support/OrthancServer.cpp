#include "OrthancServer.h"

#include <signal.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include "TestData.h"

namespace slicewise::test {

int freeLoopbackPort() {
  QTcpServer server;
  if (!server.listen(QHostAddress::LocalHost, 0)) return 0;
  return server.serverPort();
}

OrthancServer::~OrthancServer() { stop(); }

QString OrthancServer::executable() {
  QString found = QStandardPaths::findExecutable(QStringLiteral("Orthanc"));
  if (found.isEmpty())
    found = QStandardPaths::findExecutable(QStringLiteral("Orthanc"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
  return found;
}

bool OrthancServer::start(const Options& options, QString* why) {
  stop();
  const QString exe = executable();
  if (exe.isEmpty()) {
    *why = QStringLiteral("Orthanc is not installed");
    return false;
  }
  folder_ = scratchDir();
  aeTitle_ = options.aeTitle;
  tls_ = !options.tlsCertificate.isEmpty();
  dicomPort_ = freeLoopbackPort();
  httpPort_ = freeLoopbackPort();
  QJsonObject modalities;
  int n = 0;
  for (const auto& [aet, port] : options.moveDestinations)
    modalities.insert(QStringLiteral("dest%1").arg(++n), QJsonArray{aet, QStringLiteral("127.0.0.1"), port});
  QJsonObject config{{"Name", "slicewise-test"},
                     {"StorageDirectory", folder_ + "/storage"},
                     {"IndexDirectory", folder_ + "/index"},
                     {"HttpPort", httpPort_},
                     {"RemoteAccessAllowed", false},
                     {"AuthenticationEnabled", false},
                     {"DicomAet", aeTitle_},
                     {"DicomPort", dicomPort_},
                     {"DicomCheckCalledAet", true},
                     {"DicomModalities", modalities},
                     {"DicomAlwaysAllowEcho", true},
                     {"DicomAlwaysAllowStore", true},
                     {"DicomAlwaysAllowFind", true},
                     {"DicomAlwaysAllowGet", true},
                     {"DicomAlwaysAllowMove", true},
                     {"DicomScuTimeout", 10},
                     {"DicomAssociationCloseDelay", 0},
                     {"Plugins", QJsonArray{}}};
  if (tls_) {
    config.insert("DicomTlsEnabled", true);
    config.insert("DicomTlsCertificate", options.tlsCertificate);
    config.insert("DicomTlsPrivateKey", options.tlsKey);
    config.insert("DicomTlsTrustedCertificates", options.tlsCertificate);
    config.insert("DicomTlsRemoteCertificateRequired", false);
  }
  const QString configFile = folder_ + "/orthanc.json";
  QFile f(configFile);
  if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(config).toJson()) < 0) {
    *why = QStringLiteral("cannot write ") + configFile;
    return false;
  }
  f.close();

  process_ = std::make_unique<QProcess>();
  process_->setProcessChannelMode(QProcess::MergedChannels);
  process_->setStandardOutputFile(folder_ + "/orthanc.log");
  process_->start(exe, {configFile});
  if (!process_->waitForStarted(10000)) {
    *why = QStringLiteral("Orthanc did not start: ") + process_->errorString();
    process_.reset();
    return false;
  }
  QElapsedTimer clock;
  clock.start();
  while (clock.elapsed() < 30000) {
    if (process_->state() != QProcess::Running) break;
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, quint16(dicomPort_));
    if (probe.waitForConnected(500)) {
      probe.abort();
      return true;
    }
    QThread::msleep(100);
  }
  QFile log(folder_ + "/orthanc.log");
  log.open(QIODevice::ReadOnly);
  const QList<QByteArray> lines = log.readAll().trimmed().split('\n');
  *why = QStringLiteral("Orthanc did not open its DICOM port: ") + QString::fromUtf8(lines.isEmpty() ? "" : lines.last());
  stop();
  return false;
}

bool OrthancServer::running() const { return process_ && process_->state() == QProcess::Running; }

void OrthancServer::stop() {
  if (!process_) return;
  const qint64 pid = process_->processId();
  if (pid > 0 && process_->state() == QProcess::Running) {
    ::kill(pid_t(pid), SIGTERM);
    if (!process_->waitForFinished(10000)) {
      ::kill(pid_t(pid), SIGKILL);
      process_->waitForFinished(5000);
    }
  }
  process_.reset();
}

PacsNode OrthancServer::node(const QString& callingAeTitle, int movePort) const {
  PacsNode n;
  n.name = "orthanc";
  n.calledAeTitle = aeTitle_.toStdString();
  n.host = "127.0.0.1";
  n.port = dicomPort_;
  n.callingAeTitle = callingAeTitle.toStdString();
  n.movePort = movePort;
  n.timeoutSeconds = 10;
  n.tls.enabled = tls_;
  return n;
}

}  // namespace slicewise::test
