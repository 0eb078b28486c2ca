// The metrics endpoint's sockets. See metrics_server.h.
#include "bylaw/service/metrics_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include <spdlog/spdlog.h>

#include "bylaw/error.h"

namespace bylaw::service {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxRequestBytes = 8 << 10;
constexpr int kPollMilliseconds = 200;
// What one connection may take in all, reading its request and writing its
// answer: a client that trickles a byte at a time is cut off here.
constexpr std::chrono::seconds kConnectionTime{2};
// Connections served at once; past it the oldest one is closed, so that a
// flood of idle clients cannot keep a scrape out.
constexpr std::size_t kMaxConnections = 32;

std::string Response(std::string_view status, std::string_view type, const std::string& body) {
  return "HTTP/1.0 " + std::string(status) + "\r\nContent-Type: " + std::string(type) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
         body;
}

bool HeadComplete(const std::string& head) {
  return head.find("\r\n\r\n") != std::string::npos || head.find("\n\n") != std::string::npos;
}

}  // namespace

// One client: its request as read so far, then its answer as sent so far.
struct MetricsServer::Connection {
  SocketFd fd;
  Clock::time_point deadline;
  std::string in;
  std::string out;
  std::size_t sent = 0;
  bool answering = false;  // `out` holds the answer
};

SocketFd::~SocketFd() {
  if (fd_ >= 0) close(fd_);
}

SocketFd& SocketFd::operator=(SocketFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

MetricsServer::MetricsServer(std::function<std::string()> body, const std::string& address,
                             std::uint16_t port)
    : body_(std::move(body)) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  const bool v6 = address.find(':') != std::string::npos;
  if (v6) {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&storage);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    if (inet_pton(AF_INET6, address.c_str(), &in6->sin6_addr) == 1) length = sizeof(sockaddr_in6);
  } else {
    auto* in4 = reinterpret_cast<sockaddr_in*>(&storage);
    in4->sin_family = AF_INET;
    in4->sin_port = htons(port);
    if (inet_pton(AF_INET, address.c_str(), &in4->sin_addr) == 1) length = sizeof(sockaddr_in);
  }
  if (length == 0) throw Error("metrics address `" + address + "` is not an IP address");
  listener_ = SocketFd(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  const int yes = 1;
  if (listener_.get() < 0 ||
      setsockopt(listener_.get(), SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes)) != 0 ||
      bind(listener_.get(), reinterpret_cast<sockaddr*>(&storage), length) != 0 ||
      listen(listener_.get(), 16) != 0 ||
      getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&storage), &length) != 0) {
    throw Error("cannot serve metrics on " + address + ":" + std::to_string(port) + ": " +
                std::strerror(errno));
  }
  port_ = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port
                   : reinterpret_cast<sockaddr_in*>(&storage)->sin_port);
  thread_ = std::thread([this] { Serve(); });
}

MetricsServer::~MetricsServer() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

// One thread, one poll over the listener and every connection: no client
// waits for another, and the stop flag is seen within kPollMilliseconds
// whatever the clients do.
void MetricsServer::Serve() {
  std::vector<Connection> connections;
  std::vector<pollfd> polled;
  while (!stop_.load()) {
    polled.assign(1, pollfd{listener_.get(), POLLIN, 0});
    for (const Connection& c : connections) {
      polled.push_back(pollfd{c.fd.get(), static_cast<short>(c.answering ? POLLOUT : POLLIN), 0});
    }
    if (poll(polled.data(), polled.size(), kPollMilliseconds) < 0 && errno != EINTR) continue;
    const Clock::time_point now = Clock::now();
    for (std::size_t i = connections.size(); i-- > 0;) {
      const bool open =
          now < connections[i].deadline && (polled[i + 1].revents == 0 || Step(connections[i]));
      if (!open) connections.erase(connections.begin() + static_cast<std::ptrdiff_t>(i));
    }
    if ((polled[0].revents & POLLIN) != 0) Accept(&connections, now);
  }
}

// Takes every waiting client, closing the oldest ones past kMaxConnections.
void MetricsServer::Accept(std::vector<Connection>* connections, Clock::time_point now) {
  for (int fd; (fd = accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0;) {
    if (connections->size() == kMaxConnections) connections->erase(connections->begin());
    connections->push_back(Connection{SocketFd(fd), now + kConnectionTime, "", "", 0, false});
  }
}

// Reads or writes what the socket allows; false once the connection is done.
bool MetricsServer::Step(Connection& c) {
  if (c.answering) {
    const ssize_t sent = send(c.fd.get(), c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
    if (sent < 0) return errno == EAGAIN || errno == EINTR;
    c.sent += static_cast<std::size_t>(sent);
    return c.sent < c.out.size();
  }
  char buffer[1024];
  const ssize_t got = recv(c.fd.get(), buffer, sizeof(buffer), 0);
  if (got < 0) return errno == EAGAIN || errno == EINTR;
  c.in.append(buffer, static_cast<std::size_t>(got));
  if (got > 0 && !HeadComplete(c.in) && c.in.size() <= kMaxRequestBytes) return true;
  requests_.fetch_add(1);  // before answering: a client that has its answer sees it counted
  c.out = Answer(c.in.size() > kMaxRequestBytes ? std::string() : c.in);
  c.answering = true;
  return Step(c);
}

std::string MetricsServer::Answer(const std::string& head) {
  const std::size_t line_end = head.find_first_of("\r\n");
  const std::string line = head.substr(0, line_end);
  if (line.rfind("GET ", 0) != 0 || line.find(" HTTP/1.") == std::string::npos) {
    return Response("400 Bad Request", "text/plain", "bad request\n");
  }
  const std::string target = line.substr(4, line.find(' ', 4) - 4);
  if (target != "/metrics" && target.rfind("/metrics?", 0) != 0) {
    return Response("404 Not Found", "text/plain", "try /metrics\n");
  }
  try {
    return Response("200 OK", "text/plain; version=0.0.4; charset=utf-8", body_());
  } catch (const std::exception& error) {  // the body failed: log, keep serving
    spdlog::error("metrics: {}", error.what());
    return Response("500 Internal Server Error", "text/plain", "error\n");
  }
}

}  // namespace bylaw::service
