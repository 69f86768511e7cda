#pragma once

#include <QByteArray>
#include <QStringList>
#include <cstdint>
#include <optional>

#include "CliRunner.h"

namespace slicewise::test {

// Limits applied in the child between fork and exec.
struct ChildLimits {
  std::optional<uint64_t> fileSizeBytes;  // RLIMIT_FSIZE: a full disk without root
  std::optional<uint64_t> addressSpaceBytes;  // RLIMIT_AS; ignored under sanitizers (see below)
  bool ignoreFileSizeSignal = false;  // SIGXFSZ ignored before exec (inherited)
  int timeoutMs = 120000;
};

struct ChildResult {
  int exitCode = -1;      // -1 when killed by a signal or timed out
  int signal = 0;         // the signal that ended it, 0 if none
  bool timedOut = false;
  double peakMegabytes = 0;  // maximum resident set size of the child (getrusage via wait4)
  QByteArray out, err;
  // Lines of stderr that are not empty.
  int errLines() const;
};

// False in a build with AddressSanitizer or ThreadSanitizer: their shadow memory takes terabytes
// of address space, so an RLIMIT_AS a test can afford would stop the child from starting.
constexpr bool kAddressSpaceLimits =
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    false;
#else
    true;
#endif

// Runs `program` with `args` in a child process of its own (fork, exec, wait4), so that the
// limits and the peak memory are the child's alone. Killed (with its process group) after
// timeoutMs: a read that blocks on a FIFO shows up as timedOut, not as a hung test.
ChildResult runChild(const QString& program, const QStringList& args, const ChildLimits& limits = {});
// The same for the built slicewise-cli (cliPath(), CliRunner.h).
ChildResult runCliChild(const QStringList& args, const ChildLimits& limits = {});

}  // namespace slicewise::test
