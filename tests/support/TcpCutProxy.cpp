#include "TcpCutProxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

namespace slicewise::test {

namespace {

int listenOnLoopback(int* port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 8) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return -1;
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

int connectToLoopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(uint16_t(port));
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
  if (fd >= 0) ::close(fd);
  return -1;
}

}  // namespace

TcpCutProxy::TcpCutProxy(int targetPort, uint64_t cutAfterBytes) : targetPort_(targetPort), limit_(cutAfterBytes) {
  listener_ = listenOnLoopback(&port_);
  thread_ = std::thread([this] { run(); });
}

TcpCutProxy::~TcpCutProxy() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (listener_ >= 0) ::close(listener_);
}

void TcpCutProxy::run() {
  while (!stop_ && listener_ >= 0) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const int client = ::accept(listener_, nullptr, nullptr);
    if (client >= 0) relay(client);
  }
}

void TcpCutProxy::relay(int client) {
  const int server = connectToLoopback(targetPort_);
  if (server < 0) {
    ::close(client);
    return;
  }
  uint64_t passed = 0;
  char buffer[16384];
  bool open = true;
  while (open && !stop_) {
    pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    if (::poll(fds, 2, 100) <= 0) continue;
    for (int i = 0; i < 2 && open; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        open = false;
        break;
      }
      const uint64_t allowed = limit_ > passed ? limit_ - passed : 0;
      const size_t forward = size_t(std::min<uint64_t>(allowed, uint64_t(n)));
      const int to = i == 0 ? server : client;
      for (size_t done = 0; done < forward;) {
        const ssize_t w = ::write(to, buffer + done, forward - done);
        if (w <= 0) {
          open = false;
          break;
        }
        done += size_t(w);
      }
      passed += forward;
      if (passed >= limit_) {
        ++cuts_;
        open = false;
      }
    }
  }
  ::shutdown(client, SHUT_RDWR);
  ::shutdown(server, SHUT_RDWR);
  ::close(client);
  ::close(server);
}

SilentServer::SilentServer() { listener_ = listenOnLoopback(&port_); }

SilentServer::~SilentServer() {
  if (listener_ >= 0) ::close(listener_);
}

}  // namespace slicewise::test
