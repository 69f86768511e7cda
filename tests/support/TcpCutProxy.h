#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

namespace slicewise::test {

// A TCP relay on 127.0.0.1 that forwards connections to a target port, one at a time, and
// closes both sides of a connection once `cutAfterBytes` bytes have passed through it: a network
// link that fails in the middle of a transfer. Connections that stay below the limit pass whole.
class TcpCutProxy {
 public:
  TcpCutProxy(int targetPort, uint64_t cutAfterBytes);
  ~TcpCutProxy();
  TcpCutProxy(const TcpCutProxy&) = delete;
  TcpCutProxy& operator=(const TcpCutProxy&) = delete;

  int port() const { return port_; }
  int cuts() const { return cuts_.load(); }

 private:
  void run();
  void relay(int client);

  int targetPort_;
  uint64_t limit_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> cuts_{0};
  std::thread thread_;
};

// A TCP listener on 127.0.0.1 that accepts connections and never says a word: a PACS that hangs.
class SilentServer {
 public:
  SilentServer();
  ~SilentServer();
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;
  int port() const { return port_; }

 private:
  int listener_ = -1;
  int port_ = 0;
};

}  // namespace slicewise::test
