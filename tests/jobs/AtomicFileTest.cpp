#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <sys/stat.h>

#include "jobs/AtomicFile.h"

using namespace slicewise;
namespace fs = std::filesystem;

namespace {

std::string contentOf(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int entriesIn(const fs::path& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

class AtomicFileTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void replacesWholeWithTheGivenMode() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString(), file = dir / "a.json";
    AtomicFile::write(file, "first");
    AtomicFile::write(file, std::string("sec\0nd", 6), 0640);
    QCOMPARE(contentOf(file), std::string("sec\0nd", 6));
    struct stat st {};
    ::stat(file.c_str(), &st);
    QCOMPARE(unsigned(st.st_mode & 0777), 0640u);
    QCOMPARE(entriesIn(dir), 1);  // no temporary file left
  }

  void failureLeavesTheTargetAsItWas() {
    if (::geteuid() == 0) QSKIP("root writes into read-only folders");
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString(), file = dir / "a.json";
    AtomicFile::write(file, "old");
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, AtomicFile::write(file, "new"));
    fs::permissions(dir, fs::perms::owner_all);
    QCOMPARE(contentOf(file), std::string("old"));
    QCOMPARE(entriesIn(dir), 1);
  }

  void missingFolderIsAnError() {
    QTemporaryDir tmp;
    const fs::path file = fs::path(tmp.path().toStdString()) / "no" / "a.json";
    try {
      AtomicFile::write(file, "x");
      QFAIL("written into a missing folder");
    } catch (const std::runtime_error& e) {
      QVERIFY2(std::string(e.what()).find("cannot create") != std::string::npos, e.what());
    }
  }

  void writerThatCreatesTheFileItself() {
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString(), file = dir / "w.pt";
    {
      AtomicFile pending(file);
      std::ofstream(pending.temporaryPath()) << "abandoned";
    }  // not committed: removed
    QCOMPARE(entriesIn(dir), 0);
    AtomicFile pending(file);
    std::ofstream(pending.temporaryPath()) << "weights";
    QVERIFY(!fs::exists(file));
    pending.commit();
    QCOMPARE(contentOf(file), std::string("weights"));
    QCOMPARE(entriesIn(dir), 1);
  }
};

QTEST_GUILESS_MAIN(AtomicFileTest)
#include "AtomicFileTest.moc"
