// Only regular files are opened; FIFOs and devices are refused at once, never waited on.
#include <QElapsedTimer>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include "TestData.h"
#include "files/FileError.h"
#include "files/FileIdentity.h"
#include "files/RegularFile.h"

using namespace slicewise;
namespace fs = std::filesystem;

class RegularFileTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void regularFileOpensAndReadsThroughItsProcPath() {
    const std::string path = test::scratchDir().toStdString() + "/a.dcm";
    std::ofstream(path) << "0123456789";
    const RegularFile f(path);
    QCOMPARE(f.size(), uint64_t(10));
    std::ifstream again(f.procPath());
    std::string text;
    again >> text;
    QCOMPARE(text, std::string("0123456789"));
    QVERIFY(isSameFile(f.procPath(), path));
  }

  // Opening a FIFO for reading blocks until a writer comes; refused here within milliseconds.
  void fifoIsRefusedWithoutBlocking() {
    const std::string fifo = test::scratchDir().toStdString() + "/pipe.dcm";
    QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
    QElapsedTimer t;
    t.start();
    try {
      RegularFile f(fifo);
      QFAIL("a FIFO was opened");
    } catch (const FileError& e) {
      QVERIFY2(std::string(e.what()).find("a FIFO") != std::string::npos, e.what());
    }
    QVERIFY(t.elapsed() < 5000);
    QCOMPARE(irregularFileKind(fifo), std::string("a FIFO"));
  }

  void devicesAndFoldersAreRefused() {
    QVERIFY_THROWS_EXCEPTION(FileError, RegularFile("/dev/zero"));
    QVERIFY_THROWS_EXCEPTION(FileError, RegularFile("/dev/null"));
    QCOMPARE(irregularFileKind("/dev/zero"), std::string("a character device"));
    QVERIFY_THROWS_EXCEPTION(FileError, RegularFile(test::scratchDir().toStdString()));
    QVERIFY_THROWS_EXCEPTION(FileError, RegularFile("/no/such/file"));
    QCOMPARE(irregularFileKind("/no/such/file"), std::string());
  }

  void identityFollowsLinks() {
    const std::string dir = test::scratchDir().toStdString();
    std::ofstream(dir + "/f") << "x";
    std::ofstream(dir + "/g") << "x";
    fs::create_symlink(dir + "/f", dir + "/s");
    QVERIFY(isSameFile(dir + "/f", dir + "/s"));
    QVERIFY(isSameFile(dir + "/f", dir + "/../" + fs::path(dir).filename().string() + "/f"));
    QVERIFY(!isSameFile(dir + "/f", dir + "/g"));
    QVERIFY(!isSameFile(dir + "/f", dir + "/absent"));
    QVERIFY(!fileIdentity(dir + "/absent"));
  }
};

QTEST_GUILESS_MAIN(RegularFileTest)
#include "RegularFileTest.moc"
