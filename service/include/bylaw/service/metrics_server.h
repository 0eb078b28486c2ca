// A tiny HTTP server for Prometheus scrapes (`bylaw worker --metrics-port`),
// on a thread of its own: `GET /metrics` answers the current exposition,
// anything else 404 (400 for what is not HTTP). Up to 32 connections are
// served side by side by one poll loop (past that, the oldest is closed);
// each is bounded in size (8 KiB of request) and in total time (2 s to read
// the request and write the answer), so neither a slow client nor a crowd
// of idle ones can hold it, and stopping never waits on a client.
// Loopback unless told otherwise.
#ifndef BYLAW_SERVICE_METRICS_SERVER_H_
#define BYLAW_SERVICE_METRICS_SERVER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace bylaw::service {

// Owns one socket; closes it once.
class SocketFd {
 public:
  explicit SocketFd(int fd = -1) : fd_(fd) {}
  ~SocketFd();
  SocketFd(SocketFd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  SocketFd& operator=(SocketFd&& other) noexcept;
  SocketFd(const SocketFd&) = delete;
  SocketFd& operator=(const SocketFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

class MetricsServer {
 public:
  // Binds `address` (IPv4 or IPv6 literal) and `port` (0: any free port) and
  // starts serving `body()` on its own thread. Throws bylaw::Error when the
  // address is not a literal or the port cannot be bound.
  MetricsServer(std::function<std::string()> body, const std::string& address, std::uint16_t port);
  // Stops the thread (within 200 ms, whatever the clients do) and closes
  // the socket.
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // The port bound, useful with port 0.
  std::uint16_t port() const { return port_; }
  // Requests answered so far, any status.
  std::uint64_t requests() const { return requests_.load(); }

 private:
  struct Connection;
  void Serve();
  void Accept(std::vector<Connection>* connections, std::chrono::steady_clock::time_point now);
  bool Step(Connection& connection);
  // The response to the request head `head` (empty: too large or cut off).
  std::string Answer(const std::string& head);

  std::function<std::string()> body_;
  SocketFd listener_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> requests_{0};
  std::thread thread_;
};

}  // namespace bylaw::service

#endif  // BYLAW_SERVICE_METRICS_SERVER_H_
