#include "queue/SlurmJobTable.h"

#include <cstdlib>
#include <sstream>

namespace slicewise {

namespace {

// "0:15" (exit code : signal) as scontrol and sacct write it.
void readExitCode(const std::string& text, SlurmJobStatus& s) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos) return;
  char* end = nullptr;
  const long code = std::strtol(text.c_str(), &end, 10);
  if (end != text.c_str() + colon) return;
  const long signal = std::strtol(text.c_str() + colon + 1, &end, 10);
  s.exitCode = int(code);
  s.signal = int(signal);
}

}  // namespace

std::map<std::string, SlurmJobStatus> SlurmJobTable::parseSqueue(const std::string& out) {
  std::map<std::string, SlurmJobStatus> jobs;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    const size_t a = line.find('|');
    if (a == std::string::npos) continue;
    const size_t b = line.find('|', a + 1);
    SlurmJobStatus s;
    s.state = line.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
    if (b != std::string::npos) s.reason = line.substr(b + 1);
    if (s.reason == "None") s.reason.clear();
    jobs[line.substr(0, a)] = s;
  }
  return jobs;
}

std::optional<SlurmJobStatus> SlurmJobTable::parseScontrol(const std::string& out) {
  // `scontrol -o show job ID`: one line of Key=Value words.
  SlurmJobStatus s;
  std::istringstream in(out);
  std::string word;
  while (in >> word) {
    const size_t eq = word.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = word.substr(0, eq), value = word.substr(eq + 1);
    if (key == "JobState") s.state = value;
    else if (key == "Reason" && value != "None") s.reason = value;
    else if (key == "ExitCode") readExitCode(value, s);
  }
  if (s.state.empty()) return std::nullopt;
  return s;
}

std::optional<SlurmJobStatus> SlurmJobTable::parseSacct(const std::string& out, const std::string& jobId) {
  // `sacct -n -P -X -j ID -o JobID,State,ExitCode`: JobID|State|ExitCode per line.
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    const size_t a = line.find('|'), b = line.find('|', a == std::string::npos ? 0 : a + 1);
    if (a == std::string::npos || b == std::string::npos || line.substr(0, a) != jobId) continue;
    SlurmJobStatus s;
    s.state = line.substr(a + 1, b - a - 1);
    if (const size_t space = s.state.find(' '); space != std::string::npos) s.state.resize(space);
    readExitCode(line.substr(b + 1), s);
    return s;
  }
  return std::nullopt;
}

void SlurmJobTable::read() {
  const std::string out =
      command_.check({"squeue", "--me", "--noheader", "--array", "--states=all", "--format=%i|%T|%r"});
  jobs_ = parseSqueue(out);
  readAt_ = std::chrono::steady_clock::now();
}

std::optional<SlurmJobStatus> SlurmJobTable::status(const std::string& jobId,
                                                    std::chrono::steady_clock::time_point notBefore) {
  std::lock_guard<std::mutex> guard(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (!readAt_ || *readAt_ < notBefore || now - *readAt_ >= refresh_) read();
  const auto it = jobs_.find(jobId);
  if (it == jobs_.end()) return std::nullopt;
  return it->second;
}

std::optional<SlurmJobStatus> SlurmJobTable::lookUp(const std::string& jobId) {
  const SlurmCommandResult r = command_.run({"scontrol", "-o", "show", "job", jobId});
  if (r.exitCode == 0)
    if (auto s = parseScontrol(r.out)) return s;
  if (r.exitCode != 0 && r.err.find("Invalid job id") == std::string::npos)
    throw SlurmError(SlurmCommand::explain("scontrol", r));
  // Without accounting sacct says so and knows nothing.
  const SlurmCommandResult a = command_.run({"sacct", "-n", "-P", "-X", "-j", jobId, "-o", "JobID,State,ExitCode"});
  if (a.exitCode == 0) return parseSacct(a.out, jobId);
  return std::nullopt;
}

}  // namespace slicewise
