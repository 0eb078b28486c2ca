// Tests for service/metrics.cc: what the exposition counts (documents, bytes,
// decisions, categories, rules with live and shadow apart, latency, trips,
// reloads) and its text format.
#include "bylaw/service/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "bylaw/scan_limits.h"
#include "test_rules.h"

namespace bylaw::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kPack = test::FraudPack(R"(  - id: fraud.wire
    when: wire
    action: remove
  - id: fraud.urgent
    when: urgent
    action: label
  - id: fraud.gift
    when: gift
    action: review
    status: shadow
)");

class MetricsTest : public ::testing::Test {
 protected:
  MetricsTest() : program_(test::MustCompile(kPack)), scanner_(program_) {}

  void Observe(const std::string& text, double seconds) {
    const Document document = test::TextDocument(text);
    metrics_.Observe(scanner_.Scan(document), DocumentBytes(document), seconds);
  }

  std::shared_ptr<const Program> program_;
  Scanner scanner_;
  Metrics metrics_;
};

TEST_F(MetricsTest, CountsDocumentsDecisionsCategoriesAndRulesWithShadowApart) {
  Observe("urgent wire transfer", 2e-5);   // remove; category's strictest: remove
  Observe("a gift card", 3e-4);            // allow; shadow only
  Observe("urgent", 0.5);                  // label
  const std::string text = metrics_.Exposition();
  EXPECT_THAT(text, HasSubstr("# TYPE bylaw_documents_total counter\nbylaw_documents_total 3\n"));
  EXPECT_THAT(text, HasSubstr("bylaw_bytes_total 37\n"));
  EXPECT_THAT(text, HasSubstr("bylaw_decisions_total{decision=\"remove\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("bylaw_decisions_total{decision=\"allow\"} 1\n"));
  EXPECT_THAT(text, HasSubstr(
      "bylaw_category_decisions_total{category=\"frauds-and-scams\",action=\"remove\"} 1\n"));
  EXPECT_THAT(text, HasSubstr(
      "bylaw_category_decisions_total{category=\"frauds-and-scams\",action=\"label\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("bylaw_category_shadow_matches_total{category=\"frauds-and-scams\"} 1\n"));
  EXPECT_THAT(text, HasSubstr(
      "bylaw_rule_hits_total{rule=\"fraud.urgent\",category=\"frauds-and-scams\",status=\"live\"} 2\n"));
  EXPECT_THAT(text, HasSubstr(
      "bylaw_rule_hits_total{rule=\"fraud.gift\",category=\"frauds-and-scams\",status=\"shadow\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("status=\"shadow\"} 0")));
}

TEST_F(MetricsTest, LatencyIsACumulativeHistogram) {
  Observe("a", 2e-5);
  Observe("b", 3e-4);
  Observe("c", 0.5);
  Observe("d", 7);
  const std::string text = metrics_.Exposition();
  EXPECT_THAT(text, HasSubstr("# TYPE bylaw_scan_duration_seconds histogram\n"
                              "bylaw_scan_duration_seconds_bucket{le=\"5e-06\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("bylaw_scan_duration_seconds_bucket{le=\"2.5e-05\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("bylaw_scan_duration_seconds_bucket{le=\"0.0005\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("bylaw_scan_duration_seconds_bucket{le=\"1\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("bylaw_scan_duration_seconds_bucket{le=\"+Inf\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("bylaw_scan_duration_seconds_count 4\n"));
  EXPECT_DOUBLE_EQ(metrics_.LatencyQuantile(0.5), 5e-4);
  EXPECT_DOUBLE_EQ(metrics_.LatencyQuantile(0.25), 2.5e-5);
}

TEST_F(MetricsTest, CountsSurviveAReloadAndLabelsAreEscaped) {
  Observe("wire transfer", 1e-5);
  const auto reloaded = test::MustCompile(kPack + "  - id: fraud.new\n    when: gift\n");
  Scanner scanner(reloaded);
  const Document document = test::TextDocument("wire transfer, gift card");
  metrics_.Observe(scanner.Scan(document), DocumentBytes(document), 1e-5);
  metrics_.CountReload(true);
  metrics_.CountReload(false);
  metrics_.CountBreakerTrip("rule\"with\\quote\n");
  metrics_.CountFailure();
  metrics_.SetRuleset(reloaded->hash());
  const std::string text = metrics_.Exposition();
  EXPECT_THAT(text, HasSubstr("rule=\"fraud.wire\",category=\"frauds-and-scams\",status=\"live\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("rule=\"fraud.new\",category=\"frauds-and-scams\",status=\"live\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("bylaw_reloads_total{result=\"success\"} 1\n"
                              "bylaw_reloads_total{result=\"failure\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("bylaw_circuit_breaker_trips_total{rule=\"rule\\\"with\\\\quote\\n\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("bylaw_documents_failed_total 1\n"));
  EXPECT_THAT(text, HasSubstr("bylaw_ruleset_info{hash=\"" + std::string(reloaded->hash()) + "\"} 1\n"));
}

// Every line is a comment or `name{labels} value`, as Prometheus parses it.
TEST_F(MetricsTest, EveryLineIsInTheTextFormat) {
  Observe("urgent wire transfer", 1e-4);
  metrics_.CountBreakerTrip("fraud.wire");
  std::istringstream lines(metrics_.Exposition());
  const std::regex sample(R"([a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? [0-9.e+-]+|[a-z_]+ \+?Inf)");
  std::size_t samples = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) continue;
    EXPECT_TRUE(std::regex_match(line, sample)) << line;
    ++samples;
  }
  EXPECT_GT(samples, 20u);
}

}  // namespace
}  // namespace bylaw::service
