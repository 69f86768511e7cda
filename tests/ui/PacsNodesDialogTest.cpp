// The PACS node editor: a node typed in is tested with C-ECHO against a real Orthanc and saved
// to the shared nodes file; invalid nodes are not saved.
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

#include "OrthancServer.h"
#include "TestData.h"
#include "pacs/PacsNodeStore.h"
#include "ui/PacsNodesDialog.h"

using namespace slicewise;

class PacsNodesDialogTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void typedNodeIsTestedAndSaved() {
    SLICEWISE_REQUIRE_ORTHANC();
    test::OrthancServer orthanc;
    QString why;
    QVERIFY2(orthanc.start({}, &why), qPrintable(why));
    const QString file = test::scratchDir() + "/config/pacs.json";
    {
      PacsNodesDialog d(file);
      QCOMPARE(d.list()->count(), 1);  // an empty file starts with one new node
      d.field("name")->setText("research");
      d.field("aet")->setText("ORTHANC");
      d.field("host")->setText("127.0.0.1");
      d.number("port")->setValue(orthanc.dicomPort());
      QCOMPARE(d.field("our-aet")->text(), QString("SLICEWISE"));
      d.number("move-port")->setValue(11112);
      d.number("timeout")->setValue(5);
      QTest::mouseClick(d.testButton(), Qt::LeftButton);
      QTRY_VERIFY_WITH_TIMEOUT(d.status()->text().contains(" answered in "), 15000);
      QVERIFY(d.status()->text().startsWith(QString("ORTHANC at 127.0.0.1:%1 answered in ").arg(orthanc.dicomPort())));
      QVERIFY(d.save());
    }
    const auto nodes = readPacsNodes(file.toStdString());
    QCOMPARE(nodes.size(), size_t(1));
    QCOMPARE(nodes[0].name, std::string("research"));
    QCOMPARE(nodes[0].port, orthanc.dicomPort());
    QCOMPARE(nodes[0].movePort, 11112);
    QCOMPARE(nodes[0].timeoutSeconds, 5);
    PacsNodesDialog again(file);
    QCOMPARE(again.list()->count(), 1);
    QCOMPARE(again.list()->item(0)->text(), QString("research"));
    QCOMPARE(again.field("host")->text(), QString("127.0.0.1"));
  }

  void invalidNodeIsNotSaved() {
    const QString file = test::scratchDir() + "/pacs.json";
    PacsNodesDialog d(file);
    d.field("host")->setText("pacs.example.org");  // no AE title
    QVERIFY(!d.save());
    QCOMPARE(d.status()->text(), QString("pacs1: the PACS's AE title must have 1 to 16 characters (got '')"));
    QVERIFY(!QFile::exists(file));
    d.field("aet")->setText("PACS");
    d.tlsBox()->setChecked(true);
    d.field("key")->setText("/etc/key.pem");
    QVERIFY(!d.save());
    QVERIFY(d.status()->text().contains("needs its private key"));
  }
};

QTEST_MAIN(PacsNodesDialogTest)
#include "PacsNodesDialogTest.moc"
