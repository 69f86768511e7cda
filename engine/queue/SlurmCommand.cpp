#include "queue/SlurmCommand.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace slicewise {

namespace {

std::string firstErrorLine(const std::string& err) {
  // Slurm prefixes its lines with "sbatch: error: "; the first such line says why.
  size_t from = 0;
  std::string first;
  while (from < err.size()) {
    size_t nl = err.find('\n', from);
    if (nl == std::string::npos) nl = err.size();
    std::string line = err.substr(from, nl - from);
    from = nl + 1;
    if (line.empty()) continue;
    if (first.empty()) first = line;
    if (line.find("error") != std::string::npos || line.find("fatal") != std::string::npos) return line;
  }
  return first;
}

class Pipe {
 public:
  Pipe() {
    if (::pipe2(fds_, O_CLOEXEC) != 0) throw SlurmError(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  ~Pipe() {
    closeRead();
    closeWrite();
  }
  int read() const { return fds_[0]; }
  int write() const { return fds_[1]; }
  void closeRead() {
    if (fds_[0] >= 0) ::close(fds_[0]);
    fds_[0] = -1;
  }
  void closeWrite() {
    if (fds_[1] >= 0) ::close(fds_[1]);
    fds_[1] = -1;
  }

 private:
  int fds_[2] = {-1, -1};
};

}  // namespace

SlurmCommandResult SlurmCommand::run(const std::vector<std::string>& argv) const {
  if (argv.empty()) throw SlurmError("no Slurm command given");
  const std::string& name = argv.front();
  Pipe out, err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write(), STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // The worker may ignore or block signals; a Slurm command should start with the defaults.
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> args;
  std::vector<std::string> copy = argv;
  for (auto& a : copy) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, name.c_str(), &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned == ENOENT)
    throw SlurmError(name + " is not installed here (not found on PATH): the Slurm runner needs Slurm's client "
                     "commands (Debian: slurm-client) and a configured cluster");
  if (spawned != 0) throw SlurmError("cannot run " + name + ": " + std::strerror(spawned));
  out.closeWrite();
  err.closeWrite();

  SlurmCommandResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  bool outOpen = true, errOpen = true, timedOut = false;
  char buffer[4096];
  while (outOpen || errOpen) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timedOut = true;
      break;
    }
    pollfd fds[2] = {{outOpen ? out.read() : -1, POLLIN, 0}, {errOpen ? err.read() : -1, POLLIN, 0}};
    const int ready = ::poll(fds, 2, int(std::min<int64_t>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof(buffer));
      if (n > 0) {
        (i == 0 ? result.out : result.err).append(buffer, size_t(n));
      } else if (n == 0 || errno != EINTR) {
        (i == 0 ? outOpen : errOpen) = false;
      }
    }
  }
  if (timedOut) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timedOut) {
    if (result.err.find("s_p_parse_file") != std::string::npos ||
        result.err.find("Unable to contact slurm controller") != std::string::npos)
      throw SlurmError(explain(name, result));
    std::string line = firstErrorLine(result.err);
    throw SlurmError(name + " did not answer within " + std::to_string(timeout_.count() / 1000) + " s" +
                     (line.empty() ? std::string(" (is the Slurm controller reachable?)") : ": " + line));
  }
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return result;
}

std::string SlurmCommand::explain(const std::string& command, const SlurmCommandResult& result) {
  const std::string line = firstErrorLine(result.err);
  if (result.err.find("Unable to contact slurm controller") != std::string::npos)
    return "the Slurm controller cannot be reached (" + command + ": " + line +
           "): is slurmctld running, and does SLURM_CONF name the right cluster?";
  if (result.err.find("Munge") != std::string::npos || result.err.find("munge") != std::string::npos ||
      result.err.find("authentication") != std::string::npos)
    return "Slurm's authentication failed (" + command + ": " + line + "): is munged running on this machine?";
  if (result.err.find("Unable to process configuration file") != std::string::npos ||
      result.err.find("s_p_parse_file") != std::string::npos)
    return "Slurm's configuration cannot be read (" + command + ": " + line + "): set SLURM_CONF or install it";
  if (line.empty()) return command + " failed with exit status " + std::to_string(result.exitCode);
  return command + " failed: " + line;
}

std::string SlurmCommand::check(const std::vector<std::string>& argv) const {
  const SlurmCommandResult r = run(argv);
  if (r.exitCode != 0) throw SlurmError(explain(argv.front(), r));
  return r.out;
}

}  // namespace slicewise
