// Tests for cli/backtest.cc: outcomes copied out of verdicts, the changes
// counted per category and rule with shadow rules apart, and the gates.
#include "backtest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_rules.h"

namespace bylaw::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

// `{WHEN}` is the condition of the live rule `fraud.wire`.
constexpr char kPack[] = R"(category: frauds-and-scams
terms:
  wire: [wire transfer]
  urgent: [urgent]
  gift: [gift card]
rules:
  - id: fraud.wire
    when: {WHEN}
    action: {ACTION}
  - id: fraud.gift
    when: gift
    action: label
  - id: fraud.trial
    when: gift and urgent
    status: shadow
)";

std::shared_ptr<const Program> Compile(const std::string& when, const std::string& action) {
  std::string pack = kPack;
  pack.replace(pack.find("{WHEN}"), 6, when);
  pack.replace(pack.find("{ACTION}"), 8, action);
  return test::MustCompile(pack);
}

class BacktestTest : public ::testing::Test {
 protected:
  BacktestTest()
      : before_(Compile("wire and urgent", "remove")),
        after_(Compile("wire", "review")),
        old_scanner_(before_),
        new_scanner_(after_) {}

  std::pair<Outcome, Outcome> Decide(const std::string& text) {
    const Document document = test::TextDocument(text);
    return {Outcome::Of(old_scanner_.Scan(document)), Outcome::Of(new_scanner_.Scan(document))};
  }

  std::shared_ptr<const Program> before_, after_;
  Scanner old_scanner_, new_scanner_;
};

TEST_F(BacktestTest, OutcomeHoldsDecisionCategoriesAndRulesByIdWithShadowApart) {
  const auto [before, after] = Decide("urgent: wire transfer or a gift card");
  EXPECT_EQ(before.decision, Action::kRemove);
  EXPECT_THAT(before.categories, ElementsAre(Pair("frauds-and-scams", Action::kRemove)));
  EXPECT_THAT(before.live, ElementsAre("fraud.gift", "fraud.wire"));
  EXPECT_THAT(before.shadow, ElementsAre("fraud.trial"));
  EXPECT_EQ(after.decision, Action::kReview);
  EXPECT_TRUE(before.LiveDiffers(after));
  EXPECT_FALSE(before.ShadowDiffers(after));
}

TEST_F(BacktestTest, CountsNewlyFlaggedActionChangesAndUnchangedDocuments) {
  Backtest backtest(*before_, *after_);
  for (const std::string text : {"wire transfer now", "urgent wire transfer", "a gift card",
                                 "nothing to see"}) {
    const auto [before, after] = Decide(text);
    backtest.Add(before, after);
  }
  EXPECT_EQ(backtest.documents(), 4u);
  EXPECT_EQ(backtest.changed(), 2u);
  const nlohmann::json json = backtest.Json(Gate::kDecision);
  EXPECT_EQ(json["newly_flagged"], 1);      // "wire transfer now": allow -> review
  EXPECT_EQ(json["more_lenient"], 1);       // "urgent wire transfer": remove -> review
  EXPECT_EQ(json["rules"]["fraud.wire"]["added"], 1);
  EXPECT_EQ(json["rules"]["fraud.wire"]["action_changed"], 1);
  EXPECT_EQ(json["categories"]["frauds-and-scams"]["added"], 1);
  EXPECT_EQ(json["categories"]["frauds-and-scams"]["action_changed"], 1);
  EXPECT_FALSE(json["rules"].contains("fraud.gift"));  // matched the same in both
  EXPECT_THAT(backtest.Format(Gate::kDecision), HasSubstr("gate --fail-on decision: FAIL"));
}

TEST_F(BacktestTest, ShadowOnlyChangesAreShownButNeverFailAGate) {
  Backtest backtest(*before_, *after_);
  Outcome before, after;
  after.shadow = {"fraud.trial"};
  EXPECT_TRUE(backtest.Add(before, after));
  EXPECT_EQ(backtest.changed(), 0u);
  for (const Gate gate : {Gate::kDecision, Gate::kFlagged, Gate::kAny, Gate::kNever}) {
    EXPECT_FALSE(backtest.Fails(gate)) << GateName(gate);
  }
  EXPECT_EQ(backtest.Json(Gate::kAny)["shadow_rules"]["fraud.trial"]["added"], 1);
}

TEST_F(BacktestTest, GatesFailOnWhatTheyName) {
  struct Case {
    Action before, after;
    bool categories_only;
    std::vector<Gate> failing;
  };
  const std::vector<Case> cases = {
      {Action::kAllow, Action::kRemove, false, {Gate::kDecision, Gate::kFlagged, Gate::kAny}},
      {Action::kRemove, Action::kLabel, false, {Gate::kDecision, Gate::kAny}},
      {Action::kLabel, Action::kLabel, true, {Gate::kAny}},
  };
  for (const Case& c : cases) {
    Backtest backtest(*before_, *after_);
    Outcome before, after;
    before.decision = c.before;
    after.decision = c.after;
    if (c.categories_only) after.live = {"fraud.gift"};
    backtest.Add(before, after);
    for (const Gate gate : kGates) {
      const bool expected = std::find(c.failing.begin(), c.failing.end(), gate) != c.failing.end();
      EXPECT_EQ(backtest.Fails(gate), expected) << GateName(gate);
    }
  }
}

}  // namespace
}  // namespace bylaw::cli
