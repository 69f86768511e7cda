#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <memory>

#include "pacs/PacsNode.h"

namespace slicewise::test {

// A port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
int freeLoopbackPort();

// A throwaway Orthanc PACS (Debian package `orthanc`) on loopback ports, with its storage in a
// scratch folder: started by the test, stopped by its PID when the object goes.
class OrthancServer {
 public:
  struct Options {
    QString aeTitle = QStringLiteral("ORTHANC");
    // AE titles Orthanc sends C-MOVE results to, each at 127.0.0.1 and a port.
    QList<QPair<QString, int>> moveDestinations;
    // DICOM TLS: Orthanc's certificate and key (PEM); its DICOM port then speaks TLS only.
    QString tlsCertificate, tlsKey;
  };

  OrthancServer() = default;
  ~OrthancServer();
  OrthancServer(const OrthancServer&) = delete;
  OrthancServer& operator=(const OrthancServer&) = delete;

  // The Orthanc executable, or "" when it is not installed.
  static QString executable();
  // Starts Orthanc and waits (up to 30 s) until its DICOM port accepts connections. Returns
  // false with the reason in *why.
  bool start(const Options& options, QString* why);
  // SIGTERM to its PID, SIGKILL after 10 s.
  void stop();
  bool running() const;

  int dicomPort() const { return dicomPort_; }
  int httpPort() const { return httpPort_; }
  // A node for Slicewise: this Orthanc, our AE title, a 10 s timeout.
  PacsNode node(const QString& callingAeTitle = QStringLiteral("SLICEWISE"), int movePort = 0) const;

 private:
  std::unique_ptr<QProcess> process_;
  QString folder_;
  QString aeTitle_;
  bool tls_ = false;
  int dicomPort_ = 0, httpPort_ = 0;
};

}  // namespace slicewise::test

// Skips the test (fails it under CI=true) when Orthanc is not installed.
#define SLICEWISE_REQUIRE_ORTHANC()                                                                  \
  do {                                                                                               \
    if (slicewise::test::OrthancServer::executable().isEmpty()) {                                    \
      if (slicewise::test::runningInCi()) QFAIL("Orthanc is not installed under CI (Debian package orthanc)"); \
      QSKIP("Orthanc is not installed (Debian package orthanc): no PACS to test against");          \
    }                                                                                                \
  } while (0)
