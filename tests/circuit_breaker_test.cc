// Tests for service/circuit_breaker.cc and the `circuit_breaker:` rule key
// (engine/lang/rule_set_loader.cc): ceilings over sliding windows, demotion
// of a tripped rule from live to shadow with the decision recomputed, and
// located errors for bad values.
#include "bylaw/service/circuit_breaker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bylaw/program_file.h"
#include "test_rules.h"

namespace bylaw::service {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// fraud.wire may match at most 10% of the last 20 documents: 2 of them.
const std::string kPack = test::FraudPack(R"(  - id: fraud.wire
    when: wire
    action: remove
    circuit_breaker: { max_rate: 10%, window: 20 }
  - id: fraud.gift
    when: gift
    action: review
  - id: fraud.trial
    when: gift
    status: shadow
    circuit_breaker: { max_rate: 0.01, window: 100 }
)");

class CircuitBreakerTest : public ::testing::Test {
 protected:
  CircuitBreakerTest() : program_(test::MustCompile(kPack)), scanner_(program_) {}

  const Verdict& Feed(CircuitBreaker& breaker, const std::string& text) {
    document_ = test::TextDocument(text);
    return breaker.Review(scanner_.Scan(document_));
  }

  std::shared_ptr<const Program> program_;
  Scanner scanner_;
  Document document_;
};

TEST_F(CircuitBreakerTest, RuleKeyBecomesTheRulesHitRateLimit) {
  const HitRateLimit& limit = program_->rules()[0].hit_rate_limit;
  EXPECT_DOUBLE_EQ(limit.max_rate, 0.1);
  EXPECT_EQ(limit.window, 20u);
  EXPECT_EQ(program_->rules()[1].hit_rate_limit.window, 0u);
  EXPECT_DOUBLE_EQ(program_->rules()[2].hit_rate_limit.max_rate, 0.01);
}

TEST_F(CircuitBreakerTest, TripsOnTheFirstHitAboveTheCeilingAndDemotesFromThen) {
  std::vector<std::string> tripped;
  CircuitBreaker breaker(*program_, [&](const Program& program, const BreakerTrip& trip) {
    tripped.push_back(program.rules()[trip.rule].id);
  });
  EXPECT_EQ(Feed(breaker, "wire transfer").decision, Action::kRemove);
  for (int i = 0; i < 5; ++i) Feed(breaker, "nothing");
  EXPECT_EQ(Feed(breaker, "wire transfer").decision, Action::kRemove);  // 2 of 7: allowed
  EXPECT_FALSE(breaker.tripped(0));
  const Verdict& third = Feed(breaker, "wire transfer and a gift card");  // 3 of 8: tripped
  EXPECT_TRUE(breaker.tripped(0));
  EXPECT_EQ(third.decision, Action::kReview);  // fraud.gift still decides
  EXPECT_THAT(test::LiveRules(third), ElementsAre("fraud.gift"));
  EXPECT_THAT(test::ShadowRules(third), ElementsAre("fraud.wire", "fraud.trial"));
  ASSERT_EQ(third.SpansOf(third.shadow[0]).size(), 1u);
  EXPECT_EQ(third.TextOf(third.SpansOf(third.shadow[0])[0]), "wire transfer");
  ASSERT_THAT(breaker.trips(), ::testing::SizeIs(1));
  EXPECT_EQ(breaker.trips()[0].document, 8u);
  EXPECT_EQ(breaker.trips()[0].hits, 3u);
  EXPECT_THAT(tripped, ElementsAre("fraud.wire"));
  // Demoted for good, even when the rate falls again; counted once.
  for (int i = 0; i < 40; ++i) Feed(breaker, "nothing");
  EXPECT_EQ(Feed(breaker, "wire transfer").decision, Action::kAllow);
  EXPECT_EQ(tripped.size(), 1u);
}

TEST_F(CircuitBreakerTest, HitsSpreadOverTheWindowNeverTrip) {
  CircuitBreaker breaker(*program_);
  for (int i = 0; i < 200; ++i) {
    const Verdict& verdict = Feed(breaker, i % 10 == 0 ? "wire transfer" : "nothing");
    if (i % 10 == 0) {
      EXPECT_EQ(verdict.decision, Action::kRemove) << i;
    }
  }
  EXPECT_TRUE(breaker.trips().empty());
}

TEST_F(CircuitBreakerTest, ShadowRulesNeverTripAndUntouchedVerdictsPassThrough) {
  CircuitBreaker breaker(*program_);
  for (int i = 0; i < 50; ++i) {
    document_ = test::TextDocument("a gift card");
    const Verdict& scanned = scanner_.Scan(document_);
    EXPECT_EQ(&breaker.Review(scanned), &scanned);  // no copy
  }
  EXPECT_FALSE(breaker.tripped(2));
}

TEST_F(CircuitBreakerTest, ACompiledProgramFileKeepsTheCeilings) {
  const ProgramFileLoad load = DeserializeProgram(SerializeProgram(*program_), "test");
  ASSERT_NE(load.program, nullptr) << load.error;
  const HitRateLimit& limit = load.program->rules()[0].hit_rate_limit;
  EXPECT_DOUBLE_EQ(limit.max_rate, 0.1);
  EXPECT_EQ(limit.window, 20u);
}

TEST(CircuitBreakerRules, BadValuesAreLocatedErrors) {
  struct Case {
    std::string value;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"{ max_rate: 150% }", "above 0 and at most 1"},
      {"{ max_rate: 0 }", "above 0 and at most 1"},
      {"{ max_rate: lots }", "above 0 and at most 1"},
      {"{ window: 100 }", "needs `max_rate`"},
      {"{ max_rate: 5%, window: 3 }", "at least 10 documents"},
      {"{ max_rate: 5%, windw: 100 }", "did you mean `window`"},
      {"5%", "to be a map"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.value);
    const CompileResult result = test::CompilePacks(
        {"category: frauds-and-scams\nterms: { t: [x] }\nrules:\n  - id: r\n    when: t\n"
         "    circuit_breaker: " + c.value + "\n"});
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(test::FormatAll(result.diagnostics), HasSubstr("pack1.yaml:6:"));
    EXPECT_THAT(test::FormatAll(result.diagnostics), HasSubstr(c.message));
  }
}

}  // namespace
}  // namespace bylaw::service
