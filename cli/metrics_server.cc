// The metrics endpoint's sockets. See metrics_server.h.
#include "metrics_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <spdlog/spdlog.h>

#include "bylaw/error.h"

namespace bylaw::cli {
namespace {

constexpr std::size_t kMaxRequestBytes = 8 << 10;
constexpr int kPollMilliseconds = 200;
constexpr timeval kIoTimeout = {2, 0};

std::string Response(std::string_view status, std::string_view type, const std::string& body) {
  return "HTTP/1.0 " + std::string(status) + "\r\nContent-Type: " + std::string(type) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
         body;
}

void SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t sent = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent <= 0) return;  // the client went away or timed out: nothing to do
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
}

// The request head, up to its blank line; empty when the client sent
// nothing usable in time or too much.
std::string ReadHead(int fd) {
  std::string head;
  char buffer[1024];
  while (head.find("\r\n\r\n") == std::string::npos && head.find("\n\n") == std::string::npos) {
    if (head.size() > kMaxRequestBytes) return "";
    const ssize_t got = recv(fd, buffer, sizeof(buffer), 0);
    if (got <= 0) break;
    head.append(buffer, static_cast<std::size_t>(got));
  }
  return head;
}

}  // namespace

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
  listener_ = SocketFd(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
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

void MetricsServer::Serve() {
  pollfd listening{listener_.get(), POLLIN, 0};
  while (!stop_.load()) {
    if (poll(&listening, 1, kPollMilliseconds) <= 0) continue;
    const SocketFd connection(accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (connection.get() < 0) continue;
    setsockopt(connection.get(), SOL_SOCKET, SO_RCVTIMEO, &kIoTimeout, sizeof(kIoTimeout));
    setsockopt(connection.get(), SOL_SOCKET, SO_SNDTIMEO, &kIoTimeout, sizeof(kIoTimeout));
    requests_.fetch_add(1);  // before answering: a client that has its answer sees it counted
    try {
      Answer(connection.get());
    } catch (const std::exception& error) {  // the body failed: log, keep serving
      spdlog::error("metrics: {}", error.what());
    }
  }
}

void MetricsServer::Answer(int connection) {
  const std::string head = ReadHead(connection);
  const std::size_t line_end = head.find_first_of("\r\n");
  const std::string line = head.substr(0, line_end);
  if (line.rfind("GET ", 0) != 0 || line.find(" HTTP/1.") == std::string::npos) {
    SendAll(connection, Response("400 Bad Request", "text/plain", "bad request\n"));
    return;
  }
  const std::string target = line.substr(4, line.find(' ', 4) - 4);
  if (target != "/metrics" && target.rfind("/metrics?", 0) != 0) {
    SendAll(connection, Response("404 Not Found", "text/plain", "try /metrics\n"));
    return;
  }
  SendAll(connection, Response("200 OK", "text/plain; version=0.0.4; charset=utf-8", body_()));
}

}  // namespace bylaw::cli
