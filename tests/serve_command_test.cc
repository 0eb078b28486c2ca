// Tests for cli/serve_command.cc: `bylaw serve` as a process, driven over
// HTTP; hot reload when the rules change on disk; a clean stop on SIGTERM.
#include <signal.h>

#include <httplib.h>

#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "golden.h"
#include "redis_test_support.h"
#include "test_rules.h"

namespace bylaw {
namespace {

using ::testing::HasSubstr;

class ServeCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::MakeTempDir("bylaw_serve_test");
    std::ofstream(dir_ / "taxonomy.yaml") << test::kTestTaxonomy;
    WritePack("remove");
  }
  void TearDown() override { test::fs::remove_all(dir_); }

  void WritePack(const std::string& action) {
    std::ofstream(dir_ / "fraud.yaml")
        << test::FraudPack("  - id: fraud.wire\n    when: wire\n    action: " + action + "\n");
  }

  // Starts `bylaw serve` on a free port and returns the port.
  int Start(test::ChildProcess& serve) {
    serve.Start({BYLAW_CLI_PATH, "serve", dir_.string(), "--port", "0", "--reload-poll", "50"},
                dir_ / "serve");
    EXPECT_TRUE(test::WaitFor([&] { return serve.err().find("listening on") != std::string::npos; }))
        << serve.err();
    const std::string& err = serve.err();
    const std::size_t colon = err.find(':', err.find("http://127.0.0.1") + 5);
    return std::stoi(err.substr(colon + 1));
  }

  test::fs::path dir_;
};

TEST_F(ServeCommandTest, ServesVerdictsReloadsChangedRulesAndStopsCleanly) {
  test::ChildProcess serve;
  httplib::Client client("127.0.0.1", Start(serve));
  const auto first = client.Post("/v1/scan", R"({"id": "1", "text": "a wire transfer now"})", "application/json");
  ASSERT_TRUE(first) << serve.err();
  EXPECT_THAT(first->body, HasSubstr(R"("decision":"remove")"));
  const std::string before = nlohmann::json::parse(client.Get("/v1/rules")->body).at("ruleset");

  WritePack("label");
  ASSERT_TRUE(test::WaitFor([&] {
    const auto rules = client.Get("/v1/rules");
    return rules && nlohmann::json::parse(rules->body).at("ruleset") != before;
  })) << serve.err();
  const auto second = client.Post("/v1/scan", R"({"id": "2", "text": "a wire transfer now"})", "application/json");
  ASSERT_TRUE(second);
  EXPECT_THAT(second->body, HasSubstr(R"("decision":"label")"));

  serve.Signal(SIGTERM);
  EXPECT_EQ(serve.Wait(), 0) << serve.err();
  EXPECT_THAT(serve.err(), HasSubstr("serve: stopped; 2 documents decided, 1 reload (0 failed)"));
}

TEST_F(ServeCommandTest, RulesWithErrorsAndAPortInUseAreReportedNotServed) {
  test::ChildProcess serve;
  const int port = Start(serve);
  httplib::Client client("127.0.0.1", port);
  ASSERT_TRUE(client.Get("/healthz"));
  test::ChildProcess second;
  second.Start({BYLAW_CLI_PATH, "serve", dir_.string(), "--port", std::to_string(port)},
               dir_ / "second");
  EXPECT_EQ(second.Wait(), 2);
  EXPECT_THAT(second.err(), HasSubstr("cannot listen on 127.0.0.1:"));
  serve.Signal(SIGTERM);
  EXPECT_EQ(serve.Wait(), 0);

  std::ofstream(dir_ / "fraud.yaml") << test::FraudPack("  - id: fraud.wire\n    when: nope\n");
  test::ChildProcess broken;
  broken.Start({BYLAW_CLI_PATH, "serve", dir_.string(), "--port", "0"}, dir_ / "broken");
  EXPECT_EQ(broken.Wait(), 1);
  EXPECT_THAT(broken.err(), HasSubstr("unknown term `nope`"));
}

}  // namespace
}  // namespace bylaw
