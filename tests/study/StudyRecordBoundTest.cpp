// A study record edited to claim a huge grid (20000x20000x10: 4e9 voxels, 11.2 GB of labels and
// provenance) is refused in one line naming the size, before anything of that size is allocated:
// the child that opens it stays under 200 MB.
#include <QDir>
#include <QTest>
#include <sqlite3.h>

#include "ChildProcess.h"
#include "StudyGrid.h"
#include "TestData.h"
#include "study/Study.h"

using namespace slicewise;

class StudyRecordBoundTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void hugeGridRecordIsRefusedBeforeAllocating() {
    const QString root = test::scratchDir() + "/record-bound";
    QDir(root).removeRecursively();
    QDir().mkpath(root);
    const std::string dir = (root + "/bomb.study").toStdString();
    Study::create(dir, test::writePatternGridImage(root).toStdString());

    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open((dir + "/study.sqlite").c_str(), &db), SQLITE_OK);
    // The old code allocated 11.2 GB from the record (std::bad_alloc, or the machine's memory);
    // the bound refuses first. The size is literal: 20000*20000*10 voxels of 3 bytes, under 2 GB
    // of address space. Where the build allows no such limit (sanitizers) the machine's memory
    // is the bound and may hold 11.2 GB, so the record claims 100 times as much: 1.2e12 bytes.
    const bool limited = test::kAddressSpaceLimits;
    const std::string side = limited ? "20000" : "200000";
    const std::string update = "UPDATE study SET size_x = " + side + ", size_y = " + side + ", size_z = 10";
    QCOMPARE(sqlite3_exec(db, update.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);

    test::ChildLimits limits;
    if (limited) limits.addressSpaceBytes = 2ull << 30;
    const test::ChildResult r = test::runCliChild({QStringLiteral("study"), QStringLiteral("info"), QString::fromStdString(dir)}, limits);
    QCOMPARE(r.exitCode, 1);
    const char* claim = limited ? "20000x20000x10 grid whose labels need 11.2 GB"
                                : "200000x200000x10 grid whose labels need 1.1 TB";
    QVERIFY2(r.err.contains(claim), r.err.constData());
    QCOMPARE(r.errLines(), 1);
    // AddressSanitizer's shadow memory and quarantine add about 100 MB to any process.
    QVERIFY2(r.peakMegabytes < (limited ? 200 : 400), qPrintable(QString::number(r.peakMegabytes)));
  }
};

QTEST_GUILESS_MAIN(StudyRecordBoundTest)
#include "StudyRecordBoundTest.moc"
