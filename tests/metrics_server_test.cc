// Tests for service/metrics_server.cc: a real socket on loopback, scraped the
// way Prometheus does, and requests it must refuse without stopping.
#include "bylaw/service/metrics_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bylaw/error.h"

namespace bylaw::service {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Sends `request` to 127.0.0.1:port and returns the whole response.
std::string Fetch(std::uint16_t port, const std::string& request) {
  const SocketFd fd(socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) return "";
  send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL);
  shutdown(fd.get(), SHUT_WR);
  std::string response;
  char buffer[4096];
  for (ssize_t got; (got = recv(fd.get(), buffer, sizeof(buffer), 0)) > 0;) {
    response.append(buffer, static_cast<std::size_t>(got));
  }
  return response;
}

TEST(MetricsServer, AnswersScrapesWithTheCurrentExposition) {
  int calls = 0;
  MetricsServer server([&calls] { return "bylaw_documents_total " + std::to_string(++calls) + "\n"; },
                       "127.0.0.1", 0);
  ASSERT_NE(server.port(), 0);
  const std::string first = Fetch(server.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_THAT(first, StartsWith("HTTP/1.0 200 OK\r\n"));
  EXPECT_THAT(first, HasSubstr("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
  EXPECT_THAT(first, HasSubstr("Content-Length: 24\r\n"));
  EXPECT_THAT(first, EndsWith("\r\n\r\nbylaw_documents_total 1\n"));
  EXPECT_THAT(Fetch(server.port(), "GET /metrics?x=1 HTTP/1.0\r\n\r\n"),
              EndsWith("bylaw_documents_total 2\n"));
}

TEST(MetricsServer, RefusesOtherRequestsAndKeepsServing) {
  MetricsServer server([] { return std::string("ok\n"); }, "127.0.0.1", 0);
  EXPECT_THAT(Fetch(server.port(), "GET / HTTP/1.1\r\n\r\n"), StartsWith("HTTP/1.0 404 "));
  EXPECT_THAT(Fetch(server.port(), "POST /metrics HTTP/1.1\r\n\r\n"), StartsWith("HTTP/1.0 400 "));
  EXPECT_THAT(Fetch(server.port(), "\x16\x03\x01 not http at all\r\n\r\n"),
              StartsWith("HTTP/1.0 400 "));
  EXPECT_THAT(Fetch(server.port(), std::string(20000, 'A')), StartsWith("HTTP/1.0 400 "));
  EXPECT_THAT(Fetch(server.port(), ""), StartsWith("HTTP/1.0 400 "));  // closed at once
  EXPECT_THAT(Fetch(server.port(), "GET /metrics HTTP/1.1\r\n\r\n"), EndsWith("\r\n\r\nok\n"));
  EXPECT_EQ(server.requests(), 6u);
}

// A client connected to 127.0.0.1:port that sends the start of a request a
// byte at a time (each within any per-read timeout) until `done` is set.
class Trickler {
 public:
  Trickler(std::uint16_t port, const std::atomic<bool>& done) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    thread_ = std::thread([this, &done] {
      const std::string request = "GET /metrics HTTP/1.1\r\nX-Slow: ";
      for (std::size_t i = 0; !done.load(); ++i) {
        const char byte = i < request.size() ? request[i] : 'a';
        if (send(fd_.get(), &byte, 1, MSG_NOSIGNAL) != 1) break;  // cut off: fine
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
  }
  ~Trickler() { thread_.join(); }
  bool connected() const { return connected_; }

 private:
  SocketFd fd_;
  bool connected_ = false;
  std::thread thread_;
};

// One slow client used to hold the endpoint for everyone (and SIGTERM with
// it): up to hours at a byte every two seconds. The tricklers here send until
// the scrape is answered, so with one connection at a time this test would
// never end; no assertion needs a clock.
TEST(MetricsServer, ServesScrapesWhileSlowAndIdleClientsHangOn) {
  std::atomic<bool> done{false};
  auto server = std::make_unique<MetricsServer>([] { return std::string("ok\n"); }, "127.0.0.1", 0);
  std::vector<std::unique_ptr<Trickler>> slow;
  for (int i = 0; i < 3; ++i) slow.push_back(std::make_unique<Trickler>(server->port(), done));
  std::vector<SocketFd> idle;  // connected, silent: more than the listen backlog
  for (int i = 0; i < 40; ++i) {
    idle.emplace_back(socket(AF_INET, SOCK_STREAM, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server->port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(idle.back().get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  }
  for (const auto& trickler : slow) ASSERT_TRUE(trickler->connected());
  EXPECT_THAT(Fetch(server->port(), "GET /metrics HTTP/1.1\r\n\r\n"), EndsWith("\r\n\r\nok\n"));
  server.reset();  // stops while the tricklers still send
  done.store(true);
}

TEST(MetricsServer, BadAddressesAndTakenPortsAreErrors) {
  EXPECT_THROW(MetricsServer([] { return std::string(); }, "localhost", 0), Error);
  MetricsServer first([] { return std::string(); }, "127.0.0.1", 0);
  EXPECT_THROW(MetricsServer([] { return std::string(); }, "127.0.0.1", first.port()), Error);
  MetricsServer v6([] { return std::string("six\n"); }, "::1", 0);
  EXPECT_NE(v6.port(), 0);
}

}  // namespace
}  // namespace bylaw::service
