#include <QFile>
#include <QtTest>

#include "TestData.h"
#include "pacs/PacsError.h"
#include "pacs/PacsNodeStore.h"

using namespace slicewise;

namespace {

QString writeFile(const QString& text) {
  const QString path = test::scratchDir() + "/pacs.json";
  QFile f(path);
  f.open(QIODevice::WriteOnly);
  f.write(text.toUtf8());
  return path;
}

// Fields are moved in: GCC 12 warns falsely (-Wrestrict) on assigning string literals here.
PacsNode makeNode(std::string name, std::string aet, std::string host) {
  PacsNode n;
  n.name = std::move(name);
  n.calledAeTitle = std::move(aet);
  n.host = std::move(host);
  return n;
}

QString errorOf(const QString& json) {
  try {
    readPacsNodes(writeFile(json).toStdString());
  } catch (const PacsError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace

class PacsNodeStoreTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsNodesWithDefaults() {
    const QString path = writeFile(R"({"nodes": [
      {"name": "main", "called_aet": "PACS1", "host": "pacs.example.org"},
      {"name": "research", "called_aet": "ORTHANC", "host": "10.0.0.7", "port": 4242, "calling_aet": "WS12",
       "move_port": 11112, "timeout_s": 5,
       "tls": {"enabled": true, "trusted_certificates": "/etc/pacs/ca.pem", "verify_peer": false}}]})");
    const auto nodes = readPacsNodes(path.toStdString());
    QCOMPARE(nodes.size(), size_t(2));
    QCOMPARE(nodes[0].name, std::string("main"));
    QCOMPARE(nodes[0].port, 104);
    QCOMPARE(nodes[0].callingAeTitle, std::string("SLICEWISE"));
    QCOMPARE(nodes[0].movePort, 0);
    QCOMPARE(nodes[0].timeoutSeconds, 30);
    QVERIFY(!nodes[0].tls.enabled);
    QCOMPARE(nodes[1].calledAeTitle, std::string("ORTHANC"));
    QCOMPARE(nodes[1].host, std::string("10.0.0.7"));
    QCOMPARE(nodes[1].port, 4242);
    QCOMPARE(nodes[1].callingAeTitle, std::string("WS12"));
    QCOMPARE(nodes[1].movePort, 11112);
    QCOMPARE(nodes[1].timeoutSeconds, 5);
    QVERIFY(nodes[1].tls.enabled);
    QCOMPARE(nodes[1].tls.trustedCertificates, std::string("/etc/pacs/ca.pem"));
    QVERIFY(!nodes[1].tls.verifyPeer);
    QCOMPARE(findPacsNode(nodes, "research", path.toStdString()).port, 4242);
    QCOMPARE(describePacsNode(nodes[1]), std::string("ORTHANC at 10.0.0.7:4242 over TLS"));
  }

  void missingFileHasNoNodes() {
    QVERIFY(readPacsNodes((test::scratchDir() + "/absent.json").toStdString()).empty());
  }

  void writesWhatItReads() {
    PacsNode n = makeNode("x", "AE1", "h");
    n.port = 11113;
    n.movePort = 11114;
    n.tls.enabled = true;
    n.tls.certificate = std::string("/c.pem");
    n.tls.privateKey = std::string("/k.pem");
    const QString path = test::scratchDir() + "/sub/folder/pacs.json";
    writePacsNodes(path.toStdString(), {n});
    QCOMPARE(QFile::permissions(path) & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    const auto back = readPacsNodes(path.toStdString());
    QCOMPARE(back.size(), size_t(1));
    QCOMPARE(back[0].port, 11113);
    QCOMPARE(back[0].movePort, 11114);
    QCOMPARE(back[0].tls.privateKey, std::string("/k.pem"));
  }

  void refusesBadFilesWithOneLine_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << "{nodes: " << "is not valid";
    QTest::newRow("no list") << R"({"servers": []})" << "expected {\"nodes\": [...]}";
    QTest::newRow("no name") << R"({"nodes": [{"called_aet": "A", "host": "h"}]})" << "a node has no \"name\"";
    QTest::newRow("long aet") << R"({"nodes": [{"name": "a", "called_aet": "ABCDEFGHIJKLMNOPQ", "host": "h"}]})"
                              << "node 'a': the PACS's AE title must have 1 to 16 characters";
    QTest::newRow("port") << R"({"nodes": [{"name": "a", "called_aet": "A", "host": "h", "port": 70000}]})"
                          << "port 70000 is not in 1..65535";
    QTest::newRow("port type") << R"({"nodes": [{"name": "a", "called_aet": "A", "host": "h", "port": "x"}]})"
                               << "is not valid";
    QTest::newRow("twice") << R"({"nodes": [{"name": "a", "called_aet": "A", "host": "h"},
                                             {"name": "a", "called_aet": "B", "host": "h"}]})"
                           << "node 'a' is defined twice";
    QTest::newRow("key without certificate")
        << R"({"nodes": [{"name": "a", "called_aet": "A", "host": "h", "tls": {"private_key": "/k"}}]})"
        << "needs its private key";
  }
  void refusesBadFilesWithOneLine() {
    QFETCH(QString, json);
    QFETCH(QString, expected);
    const QString error = errorOf(json);
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY(error.startsWith("PACS nodes file "));
    QVERIFY(!error.contains('\n'));
  }

  void unknownNodeNamesTheKnownOnes() {
    const PacsNode a = makeNode("main", "A", "h");
    const PacsNode b = makeNode("backup", "A", "h");
    try {
      findPacsNode({a, b}, "other", "/x/pacs.json");
      QFAIL("no error");
    } catch (const PacsError& e) {
      QCOMPARE(QString(e.what()), QString("no PACS node 'other' in /x/pacs.json (known: main, backup)"));
    }
  }

  void defaultPathFollowsXdg() {
    qunsetenv("SLICEWISE_PACS_NODES");
    qputenv("XDG_CONFIG_HOME", "/tmp/cfg");
    QCOMPARE(defaultPacsNodesPath(), std::string("/tmp/cfg/slicewise/pacs.json"));
    qputenv("SLICEWISE_PACS_NODES", "/etc/slicewise/pacs.json");
    QCOMPARE(defaultPacsNodesPath(), std::string("/etc/slicewise/pacs.json"));
  }
};

QTEST_GUILESS_MAIN(PacsNodeStoreTest)
#include "PacsNodeStoreTest.moc"
