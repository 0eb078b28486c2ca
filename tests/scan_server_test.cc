// Tests for service/scan_server.cc, through a real HTTP client: verdicts
// equal the in-process scanner's, batches keep their order, every kind of
// bad request gets its 4xx and a JSON message, the server keeps serving
// after them, and Stop() ends Run().
#include "bylaw/service/scan_server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bylaw/error.h"
#include "bylaw/scanner.h"
#include "bylaw/verdict.h"
#include "test_rules.h"

namespace bylaw::service {
namespace {

using ::testing::HasSubstr;

constexpr char kRules[] =
    "  - id: fraud.wire\n    title: Wire transfer lure\n    when: wire\n    action: remove\n";

class ScanServerTest : public ::testing::Test {
 protected:
  ScanServerTest() : program_(test::MustCompile(test::FraudPack(kRules))) {}
  ~ScanServerTest() override { StopServer(); }

  void StartServer(ScanServerOptions options = {}) {
    options.port = 0;
    server_ = std::make_unique<ScanServer>([this] { return program_; }, &metrics_, options);
    thread_ = std::thread([this] { server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  void StopServer() {
    if (server_ == nullptr) return;
    server_->Stop();
    thread_.join();
    server_.reset();
  }

  // The verdict JSON of `text` decided in process.
  std::string Expected(const std::string& id, const std::string& text) {
    Scanner scanner(program_);
    std::string json;
    AppendVerdictJson(scanner.Scan(test::TextDocument(text, id)), &json);
    return json;
  }

  httplib::Result Post(const std::string& path, const std::string& body) {
    return client_->Post(path.c_str(), body, "application/json");
  }

  static std::string ErrorOf(const httplib::Result& result) {
    return nlohmann::json::parse(result->body).at("error").get<std::string>();
  }

  std::shared_ptr<const Program> program_;
  Metrics metrics_;
  std::unique_ptr<ScanServer> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ScanServerTest, AnswersTheVerdictTheScannerGives) {
  StartServer();
  for (const std::string text : {"send the wire transfer today", "nothing here", "w i r e transfer"}) {
    const auto result = Post("/v1/scan", nlohmann::json{{"id", "d1"}, {"text", text}}.dump());
    ASSERT_TRUE(result) << httplib::to_string(result.error());
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
    EXPECT_EQ(result->body, Expected("d1", text));
  }
  EXPECT_THAT(Expected("d1", "send the wire transfer today"), HasSubstr("\"decision\":\"remove\""));
  EXPECT_EQ(metrics_.documents(), 3u);
}

TEST_F(ScanServerTest, ABatchKeepsItsOrderAndReportsEachRefusedDocumentInPlace) {
  StartServer();
  const auto result = Post("/v1/scan:batch", R"({"documents": [
      {"id": "a", "text": "a wire transfer"}, {"id": "b"}, 7, {"text": "hello"}]})");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  const nlohmann::json verdicts = nlohmann::json::parse(result->body).at("verdicts");
  ASSERT_EQ(verdicts.size(), 4u);
  EXPECT_EQ(verdicts[0].dump(), nlohmann::json::parse(Expected("a", "a wire transfer")).dump());
  EXPECT_EQ(verdicts[0].at("decision"), "remove");
  EXPECT_EQ(verdicts[1].at("id"), "b");
  EXPECT_THAT(verdicts[1].at("error").get<std::string>(), HasSubstr("no text field"));
  EXPECT_EQ(verdicts[2].at("id"), "item-3");
  EXPECT_THAT(verdicts[2].at("error").get<std::string>(), HasSubstr("expected a JSON object"));
  EXPECT_EQ(verdicts[3].at("id"), "item-4");
  EXPECT_EQ(verdicts[3].at("decision"), "allow");
}

TEST_F(ScanServerTest, BadRequestsGetTheirStatusAndAMessageAndServingGoesOn) {
  ScanServerOptions options;
  options.max_request_bytes = 4096;
  options.max_batch_documents = 2;
  options.max_document_bytes = 64;
  StartServer(options);
  struct Case {
    std::string path;
    std::string body;
    int status;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"/v1/scan", R"({"id": )", 400, "invalid JSON"},
      {"/v1/scan", "[1, 2]", 400, "expected a JSON object, found array"},
      {"/v1/scan", R"({"id": "x", "text": 5})", 400, "no text field"},
      {"/v1/scan", std::string(5000, ' '), 413, "over the server's limit"},
      {"/v1/scan", R"({"text": ")" + std::string(100, 'a') + R"("})", 413, "64"},
      {"/v1/scan:batch", R"({"docs": []})", 400, "member `documents` is an array"},
      {"/v1/scan:batch", R"({"documents": [{"text": "a"}, {"text": "b"}, {"text": "c"}]})", 413,
       "a batch holds at most 2 documents"},
      {"/v1/nothing", "{}", 404, "no such endpoint: POST /v1/nothing"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path + " " + c.body.substr(0, 40));
    const auto result = Post(c.path, c.body);
    ASSERT_TRUE(result) << httplib::to_string(result.error());
    EXPECT_EQ(result->status, c.status);
    EXPECT_THAT(ErrorOf(result), HasSubstr(c.error));
  }
  const auto after = Post("/v1/scan", R"({"id": "ok", "text": "wire transfer"})");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->body, Expected("ok", "wire transfer"));
}

TEST_F(ScanServerTest, DescribesTheRulesAndReportsHealthAndMetrics) {
  StartServer();
  const auto rules = client_->Get("/v1/rules");
  ASSERT_TRUE(rules);
  const nlohmann::json json = nlohmann::json::parse(rules->body);
  EXPECT_EQ(json.at("ruleset"), std::string(program_->hash()));
  ASSERT_EQ(json.at("rules").size(), 1u);
  EXPECT_EQ(json.at("rules")[0].at("id"), "fraud.wire");
  EXPECT_EQ(json.at("rules")[0].at("title"), "Wire transfer lure");
  EXPECT_EQ(json.at("rules")[0].at("action"), "remove");
  EXPECT_EQ(client_->Get("/healthz")->status, 200);
  EXPECT_EQ(client_->Get("/readyz")->status, 200);
  ASSERT_TRUE(Post("/v1/scan", R"({"text": "wire"})"));
  const auto metrics = client_->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("bylaw_documents_total 1\n"));
}

TEST_F(ScanServerTest, ScannersFollowTheProgramInForce) {
  StartServer();
  ASSERT_TRUE(Post("/v1/scan", R"({"text": "wire"})"));
  program_ = test::MustCompile(test::FraudPack(
      "  - id: fraud.gift\n    when: gift\n    action: label\n"));
  const auto result = Post("/v1/scan", R"({"id": "g", "text": "a gift card and a wire transfer"})");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, Expected("g", "a gift card and a wire transfer"));
  EXPECT_THAT(result->body, HasSubstr("fraud.gift"));
}

// A client that sends half a request and then nothing holds one connection
// thread, not the server: others are answered meanwhile, and the slow one is
// disconnected once the read timeout passes.
TEST_F(ScanServerTest, ASlowClientIsDisconnectedAndDoesNotHoldUpOthers) {
  ScanServerOptions options;
  options.read_timeout = std::chrono::milliseconds(200);
  StartServer(options);
  const int slow = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(slow, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(server_->port());
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(slow, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  const std::string half = "POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"te";
  ASSERT_EQ(::send(slow, half.data(), half.size(), 0), static_cast<ssize_t>(half.size()));
  const auto other = Post("/v1/scan", R"({"id": "fast", "text": "wire transfer"})");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->body, Expected("fast", "wire transfer"));
  // The server gives up on the slow request, answers it with a client
  // error and closes the connection: recv() sees the answer, then the end.
  std::string answer;
  char buffer[512];
  for (ssize_t got; (got = ::recv(slow, buffer, sizeof(buffer), 0)) > 0;) answer.append(buffer, got);
  ::close(slow);
  EXPECT_THAT(answer, ::testing::StartsWith("HTTP/1.1 400")) << answer;
  EXPECT_THAT(answer, HasSubstr("could not be read")) << answer;
}

TEST_F(ScanServerTest, StopEndsRunEvenBeforeItListens) {
  ScanServer server([this] { return program_; }, &metrics_, ScanServerOptions{.port = 0});
  server.Stop();
  server.Run();  // returns at once
  StartServer();
  StopServer();
  EXPECT_FALSE(client_->Get("/healthz"));
}

TEST(ScanServer, APortInUseIsAnError) {
  Metrics metrics;
  const std::shared_ptr<const Program> program = test::MustCompile(test::FraudPack(kRules));
  ScanServer first([program] { return program; }, &metrics, ScanServerOptions{.port = 0});
  ScanServerOptions second;
  second.port = first.port();
  EXPECT_THROW({ ScanServer taken([program] { return program; }, &metrics, second); },
               bylaw::Error);
}

}  // namespace
}  // namespace bylaw::service
