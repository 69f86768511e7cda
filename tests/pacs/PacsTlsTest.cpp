// DICOM TLS against an Orthanc whose DICOM port speaks TLS only, with a self-signed certificate
// made here by the openssl tool.
#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include "DicomFixtures.h"
#include "OrthancServer.h"
#include "TestData.h"
#include "pacs/PacsClient.h"
#include "pacs/PacsError.h"

using namespace slicewise;
using test::OrthancServer;

namespace {

// A self-signed certificate and key for 127.0.0.1 in `folder`; false when openssl fails.
bool makeCertificate(const QString& folder, const QString& name) {
  QProcess openssl;
  openssl.start(QStringLiteral("openssl"),
                {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-keyout",
                 folder + "/" + name + ".key", "-out", folder + "/" + name + ".crt"});
  return openssl.waitForFinished(60000) && openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0;
}

QString failure(const PacsNode& node) {
  try {
    PacsClient(node).echo();
  } catch (const PacsError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace

class PacsTlsTest : public QObject {
  Q_OBJECT

  OrthancServer orthanc_;
  QString folder_;

  PacsNode tlsNode() const {
    PacsNode node = orthanc_.node();
    node.tls.enabled = true;
    node.tls.trustedCertificates = (folder_ + "/pacs.crt").toStdString();
    return node;
  }

 private Q_SLOTS:
  void initTestCase() {
    SLICEWISE_REQUIRE_ORTHANC();
    if (QStandardPaths::findExecutable("openssl").isEmpty()) {
      if (test::runningInCi()) QFAIL("the openssl tool is not installed under CI (Debian package openssl)");
      QSKIP("the openssl tool is not installed (Debian package openssl): no certificate to test TLS with");
    }
    folder_ = test::scratchDir();
    QVERIFY(makeCertificate(folder_, "pacs"));
    QVERIFY(makeCertificate(folder_, "stranger"));
    OrthancServer::Options options;
    options.tlsCertificate = folder_ + "/pacs.crt";
    options.tlsKey = folder_ + "/pacs.key";
    QString why;
    QVERIFY2(orthanc_.start(options, &why), qPrintable(why));
  }

  void echoOverTls() { QVERIFY(PacsClient(tlsNode()).echo() > 0); }

  void imagesGoBothWaysOverTls() {
    SLICEWISE_REQUIRE_DATA(test::kSharedCtSeries);
    const QString copy = test::scratchDir() + "/ct";
    QString why;
    QCOMPARE(test::copySeriesWithIdentity(test::sharedData(test::kSharedCtSeries), copy, test::sharedCtIdentity(), &why), 20);
    std::vector<std::string> files;
    for (const QString& f : QDir(copy).entryList(QDir::Files)) files.push_back(QDir(copy).filePath(f).toStdString());
    QCOMPARE(PacsClient(tlsNode()).send(files).sent, 20);
    RetrieveRequest request;
    request.seriesUid = test::sharedCtIdentity().seriesUid.toStdString();
    const QString out = test::scratchDir() + "/got";
    QCOMPARE(PacsClient(tlsNode()).retrieveSeries(request, out.toStdString()).images, 20);
  }

  void plainAssociationToTlsPortFails() {
    PacsNode node = tlsNode();
    node.tls.enabled = false;
    node.timeoutSeconds = 3;
    const QString error = failure(node);
    QVERIFY2(error.startsWith("C-ECHO with ORTHANC at 127.0.0.1:"), qPrintable(error));
    QVERIFY(!error.contains('\n'));
  }

  void untrustedCertificateIsRefused() {
    PacsNode node = tlsNode();
    node.tls.trustedCertificates = (folder_ + "/stranger.crt").toStdString();
    const QString error = failure(node);
    QVERIFY2(error.startsWith("C-ECHO with ORTHANC at 127.0.0.1:"), qPrintable(error));
    QVERIFY2(error.contains("over TLS failed: "), qPrintable(error));
    QVERIFY(!error.contains('\n'));
    // Without verification the same connection works (encrypted, not authenticated).
    node.tls.verifyPeer = false;
    QVERIFY(PacsClient(node).echo() > 0);
  }

  void missingTrustFileIsNamed() {
    PacsNode node = tlsNode();
    node.tls.trustedCertificates = "/nonexistent/ca.pem";
    QCOMPARE(failure(node), QString("cannot read the trusted certificates /nonexistent/ca.pem (PEM)"));
  }
};

QTEST_GUILESS_MAIN(PacsTlsTest)
#include "PacsTlsTest.moc"
