// OutputSet: files appear whole and together at commit, never before, never over an input, and
// a set abandoned or failed leaves the folder as it was.
#include <QDir>
#include <QFile>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include "TestData.h"
#include "files/FileError.h"
#include "files/OutputSet.h"

using namespace slicewise;
namespace fs = std::filesystem;

namespace {

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeText(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// Entries of a folder, sorted.
std::vector<std::string> entries(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(folder)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

class OutputSetTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void filesAppearOnlyAtCommitAndTogether() {
    const std::string dir = test::scratchDir().toStdString();
    OutputSet out;
    out.writeBytes(dir + "/map.nii", "voxels");
    out.writeBytes(dir + "/map.labels.json", "{}");
    // Staged: nothing under the final names yet, one hidden staging folder.
    QVERIFY(!fs::exists(dir + "/map.nii"));
    QVERIFY(!fs::exists(dir + "/map.labels.json"));
    QCOMPARE(entries(dir).size(), size_t(1));
    QVERIFY(entries(dir)[0].starts_with(".slicewise-partial-"));
    out.commit();
    QCOMPARE(entries(dir), (std::vector<std::string>{"map.labels.json", "map.nii"}));
    QCOMPARE(readAll(dir + "/map.nii"), std::string("voxels"));
    QCOMPARE(readAll(dir + "/map.labels.json"), std::string("{}"));
  }

  // A library may write more files than it was asked for (an .nhdr's data file): they go too.
  void filesWrittenBesideAStagedFileComeAlong() {
    const std::string dir = test::scratchDir().toStdString();
    OutputSet out;
    const std::string staged = out.stage(dir + "/img.nhdr");
    QCOMPARE(fs::path(staged).filename().string(), std::string("img.nhdr"));  // the name is kept
    writeText(staged, "header");
    writeText((fs::path(staged).parent_path() / "img.raw.gz").string(), "data");
    out.commit();
    QCOMPARE(entries(dir), (std::vector<std::string>{"img.nhdr", "img.raw.gz"}));
  }

  void abandonedSetLeavesNothing() {
    const std::string dir = test::scratchDir().toStdString();
    writeText(dir + "/old.nii", "previous");
    {
      OutputSet out;
      out.writeBytes(dir + "/old.nii", "new");
      out.writeBytes(dir + "/other.csv", "x");
    }
    QCOMPARE(entries(dir), (std::vector<std::string>{"old.nii"}));
    QCOMPARE(readAll(dir + "/old.nii"), std::string("previous"));
  }

  void replacesAnExistingFile() {
    const std::string dir = test::scratchDir().toStdString();
    writeText(dir + "/a.csv", "old contents, longer than the new");
    writeFileAtomically(dir + "/a.csv", "new");
    QCOMPARE(readAll(dir + "/a.csv"), std::string("new"));
    QCOMPARE(entries(dir), (std::vector<std::string>{"a.csv"}));
  }

  // Same device and inode, through a symlink, a hard link and another spelling of the path.
  void refusesToWriteOverAnInput() {
    const std::string dir = test::scratchDir().toStdString();
    writeText(dir + "/in.nii", "input");
    fs::create_symlink(dir + "/in.nii", dir + "/link.nii");
    fs::create_hard_link(dir + "/in.nii", dir + "/hard.nii");
    for (const std::string& target : {dir + "/in.nii", dir + "/link.nii", dir + "/hard.nii", dir + "/./in.nii"}) {
      OutputSet out;
      out.protectInput(dir + "/link.nii");
      try {
        out.writeBytes(target, "overwritten");
        QFAIL(qPrintable(QString::fromStdString("no refusal for " + target)));
      } catch (const FileError& e) {
        QVERIFY2(std::string(e.what()).find("same file") != std::string::npos, e.what());
      }
    }
    QCOMPARE(readAll(dir + "/in.nii"), std::string("input"));
    QCOMPARE(entries(dir), (std::vector<std::string>{"hard.nii", "in.nii", "link.nii"}));
  }

  // A file a library writes beside its target may not be an input either (an .mhd's .raw).
  void extraFileOverAnInputIsRefusedAtCommit() {
    const std::string dir = test::scratchDir().toStdString();
    writeText(dir + "/in.raw", "input voxels");
    OutputSet out;
    out.protectInput(dir + "/in.raw");
    const std::string staged = out.stage(dir + "/out.mhd");
    writeText(staged, "header");
    writeText((fs::path(staged).parent_path() / "in.raw").string(), "clobber");
    QVERIFY_THROWS_EXCEPTION(FileError, out.commit());
    QCOMPARE(readAll(dir + "/in.raw"), std::string("input voxels"));
    QCOMPARE(entries(dir), (std::vector<std::string>{"in.raw"}));
  }

  void missingFolderAndFolderTargetsAreRefused() {
    const std::string dir = test::scratchDir().toStdString();
    OutputSet out;
    QVERIFY_THROWS_EXCEPTION(FileError, out.stage(dir + "/no/such/folder/x.nii"));
    fs::create_directory(dir + "/sub");
    QVERIFY_THROWS_EXCEPTION(FileError, out.stage(dir + "/sub"));
    QVERIFY_THROWS_EXCEPTION(FileError, out.stage(""));
    out.stage(dir + "/twice.nii");
    QVERIFY_THROWS_EXCEPTION(FileError, out.stage(dir + "/twice.nii"));
  }

  // Targets in two folders: both appear at commit.
  void targetsInSeveralFolders() {
    const std::string a = test::scratchDir().toStdString(), b = test::scratchDir().toStdString();
    OutputSet out;
    out.writeBytes(a + "/map.nii", "1");
    out.writeBytes(b + "/conf.csv", "2");
    out.commit();
    QCOMPARE(entries(a), (std::vector<std::string>{"map.nii"}));
    QCOMPARE(entries(b), (std::vector<std::string>{"conf.csv"}));
  }

  // A rename that fails after another succeeded puts the earlier target's previous file back.
  // The second target is made immutable (chattr +i, needs root and ext4/xfs/tmpfs support).
  void failedRenameRestoresEarlierTargets() {
    if (::geteuid() != 0) QSKIP("needs root to make a file immutable");
    const std::string dir = test::scratchDir().toStdString();
    writeText(dir + "/a.nii", "old a");
    writeText(dir + "/b.nii", "old b");
    if (std::system(("chattr +i '" + dir + "/b.nii' 2>/dev/null").c_str()) != 0)
      QSKIP("the file system here has no immutable flag");
    OutputSet out;
    out.writeBytes(dir + "/a.nii", "new a");
    out.writeBytes(dir + "/b.nii", "new b");
    bool threw = false;
    try {
      out.commit();
    } catch (const FileError& e) {
      threw = true;
      QVERIFY2(std::string(e.what()).find("b.nii") != std::string::npos, e.what());
    }
    std::system(("chattr -i '" + dir + "/b.nii'").c_str());
    QVERIFY(threw);
    QCOMPARE(readAll(dir + "/a.nii"), std::string("old a"));
    QCOMPARE(readAll(dir + "/b.nii"), std::string("old b"));
    QCOMPARE(entries(dir), (std::vector<std::string>{"a.nii", "b.nii"}));
  }
};

QTEST_GUILESS_MAIN(OutputSetTest)
#include "OutputSetTest.moc"
