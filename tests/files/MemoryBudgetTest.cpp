// The memory a process may use, and the arithmetic of claimed sizes.
#include <QTest>
#include <limits>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "files/MemoryBudget.h"

using namespace slicewise;

class MemoryBudgetTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void formatsBytes() {
    QCOMPARE(formatBytes(0), std::string("0 bytes"));
    QCOMPARE(formatBytes(1023), std::string("1023 bytes"));
    QCOMPARE(formatBytes(1536), std::string("1.5 KB"));
    QCOMPARE(formatBytes(uint64_t(3) << 30), std::string("3.0 GB"));
    // 4000 x 1500 x 500 bytes, the NRRD bomb's claim: 3e9 / 2^30 = 2.79 GB.
    QCOMPARE(formatBytes(uint64_t(4000) * 1500 * 500), std::string("2.8 GB"));
  }

  void productsSaturateInsteadOfWrapping() {
    QCOMPARE(saturatingProduct({4000, 1500, 500}), uint64_t(3000000000));
    QCOMPARE(saturatingProduct({uint64_t(1) << 40, uint64_t(1) << 40}), std::numeric_limits<uint64_t>::max());
    QCOMPARE(saturatingProduct({uint64_t(1) << 40, uint64_t(1) << 40, 0}), uint64_t(0));
    QCOMPARE(saturatingSum(std::numeric_limits<uint64_t>::max() - 5, 1024), std::numeric_limits<uint64_t>::max());
    QCOMPARE(saturatingSum(40, 2), uint64_t(42));
  }

  void physicalMemoryBoundsIt() {
    const uint64_t physical = uint64_t(::sysconf(_SC_PHYS_PAGES)) * uint64_t(::sysconf(_SC_PAGESIZE));
    QVERIFY(usableMemoryBytes() <= physical);
    QVERIFY(usableMemoryBytes() > 0);
  }

  // Under RLIMIT_AS the usable memory is at most the limit (less what is mapped).
  void addressSpaceLimitLowersIt() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    QSKIP("RLIMIT_AS cannot be combined with a sanitizer's shadow memory");
#endif
    int fds[2];
    QCOMPARE(::pipe(fds), 0);
    const pid_t pid = ::fork();
    if (pid == 0) {
      const rlimit rl{rlim_t(1) << 31, rlim_t(1) << 31};  // 2 GB
      ::setrlimit(RLIMIT_AS, &rl);
      const uint64_t usable = usableMemoryBytes();
      (void)!::write(fds[1], &usable, sizeof usable);
      ::_exit(0);
    }
    ::close(fds[1]);
    uint64_t usable = 0;
    QCOMPARE(::read(fds[0], &usable, sizeof usable), ssize_t(sizeof usable));
    ::close(fds[0]);
    ::waitpid(pid, nullptr, 0);
    QVERIFY(usable > 0);
    QVERIFY(usable < (uint64_t(1) << 31));
  }
};

QTEST_GUILESS_MAIN(MemoryBudgetTest)
#include "MemoryBudgetTest.moc"
