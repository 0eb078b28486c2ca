// Tests for engine/runtime/explain.cc: condition trees with truth values,
// outcomes (matched, suppressed by which unless), the deciding rules, term
// matches and folded text; and agreement with the scanner's verdicts over
// the bundled rules and sample corpus.
#include "bylaw/explain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "bylaw/jsonl_source.h"
#include "bundled_program.h"
#include "test_rules.h"

namespace bylaw {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

constexpr char kPack[] = R"(category: frauds-and-scams
unless: scam_alert
terms:
  wire: [wire transfer]
  urgent: [urgent]
  news: [reported]
  scam_alert: [scam alert]
  insult: [loser]
rules:
  - id: fraud.wire
    when: wire and (urgent or count(insult) >= 2)
    unless: news
    action: remove
  - id: fraud.wire_label
    when: rule(fraud.wire) or wire in (title)
    action: label
  - id: fraud.quiet
    when: not wire
    status: shadow
)";

class ExplainTest : public ::testing::Test {
 protected:
  ExplainTest() : program_(test::MustCompile(kPack)) {}

  const RuleTrace* Find(const Explanation& explanation, const std::string& id) const {
    for (const RuleTrace& trace : explanation.rules) {
      if (program_->rules()[trace.rule].id == id) return &trace;
    }
    return nullptr;
  }

  std::shared_ptr<const Program> program_;
};

TEST_F(ExplainTest, MatchedRuleHasItsTreeWithValuesAndDetails) {
  const Explanation explanation =
      Explain(program_, test::TextDocument("URGENT Wire  Transfer, loser loser"));
  EXPECT_EQ(explanation.decision, Action::kRemove);
  ASSERT_EQ(explanation.deciding_rules.size(), 1u);
  EXPECT_EQ(program_->rules()[explanation.deciding_rules[0]].id, "fraud.wire");
  const RuleTrace* wire = Find(explanation, "fraud.wire");
  ASSERT_NE(wire, nullptr);
  EXPECT_EQ(wire->outcome, RuleOutcome::kMatched);
  EXPECT_EQ(wire->when.text, "and");
  EXPECT_TRUE(wire->when.value);
  ASSERT_EQ(wire->when.children.size(), 2u);
  EXPECT_EQ(wire->when.children[0].text, "wire");
  EXPECT_EQ(wire->when.children[0].detail, "1 match");
  const ConditionTrace& either = wire->when.children[1];
  EXPECT_EQ(either.text, "or");
  EXPECT_EQ(either.children[1].text, "count(insult) >= 2");
  EXPECT_EQ(either.children[1].detail, "2 matches");
  EXPECT_TRUE(either.children[1].value);
  ASSERT_TRUE(wire->unless.has_value());
  EXPECT_FALSE(wire->unless->value);
  ASSERT_TRUE(wire->pack_unless.has_value());
  EXPECT_EQ(wire->pack_unless->text, "scam_alert");
  EXPECT_EQ(explanation.folded, std::vector<std::string>{"urgent wire transfer, loser loser"});
}

TEST_F(ExplainTest, SaysWhichUnlessSuppressedARule) {
  const Explanation own = Explain(program_, test::TextDocument("reported: urgent wire transfer"));
  EXPECT_EQ(Find(own, "fraud.wire")->outcome, RuleOutcome::kSuppressedByUnless);
  EXPECT_TRUE(Find(own, "fraud.wire")->unless->value);
  EXPECT_EQ(own.decision, Action::kAllow);
  EXPECT_THAT(own.deciding_rules, IsEmpty());

  const Explanation pack = Explain(program_, test::TextDocument("scam alert: urgent wire transfer"));
  EXPECT_EQ(Find(pack, "fraud.wire")->outcome, RuleOutcome::kSuppressedByPack);
  EXPECT_TRUE(Find(pack, "fraud.wire")->pack_unless->value);
  EXPECT_EQ(RuleOutcomeName(RuleOutcome::kSuppressedByPack), "suppressed by pack unless");
}

TEST_F(ExplainTest, ListsRulesThatHoldWithoutMatchesAndReferencedRules) {
  const Explanation explanation = Explain(program_, test::TextDocument("nothing at all"));
  std::vector<std::string> ids;
  for (const RuleTrace& trace : explanation.rules) ids.push_back(program_->rules()[trace.rule].id);
  EXPECT_THAT(ids, ElementsAre("fraud.quiet"));  // holds with no match: always evaluated
  EXPECT_EQ(explanation.rules[0].outcome, RuleOutcome::kMatched);

  Document titled = test::TextDocument("wire transfer");
  titled.AddField("title", "wire transfer");
  const Explanation referenced = Explain(program_, titled);
  const RuleTrace* label = Find(referenced, "fraud.wire_label");
  ASSERT_NE(label, nullptr);
  EXPECT_EQ(label->when.children[0].text, "rule(fraud.wire)");
  EXPECT_FALSE(label->when.children[0].value);
  EXPECT_EQ(label->when.children[1].text, "wire in (title)");
  EXPECT_EQ(label->when.children[1].detail, "2 matches, 1 in these fields");
  EXPECT_NE(Find(referenced, "fraud.wire"), nullptr);
}

TEST_F(ExplainTest, MatchesAreEveryTermHitInPlaceOrder) {
  const Explanation explanation =
      Explain(program_, test::TextDocument("loser: urgent wire transfer"));
  EXPECT_THAT(explanation.matches,
              ElementsAre(Field(&MatchSpan::begin, 0u), Field(&MatchSpan::begin, 7u),
                          Field(&MatchSpan::begin, 14u)));
  EXPECT_EQ(program_->term_name(explanation.matches[2].term), "wire");
  EXPECT_EQ(explanation.matches[2].end, 27u);
  EXPECT_NE(explanation.verdict_json.find("\"decision\":\"remove\""), std::string::npos);
}

TEST(ExplainEvasion, EvadedNodesCountDisguisedMatches) {
  const auto program = test::MustCompile(test::FraudPack(
      "  - id: fraud.evaded\n    when: evaded(wire)\n"));
  const Explanation plain = Explain(program, test::TextDocument("wire transfer"));
  ASSERT_EQ(plain.rules.size(), 1u);
  EXPECT_EQ(plain.rules[0].when.text, "evaded(wire)");
  EXPECT_FALSE(plain.rules[0].when.value);
  EXPECT_EQ(plain.rules[0].when.detail, "1 match, 0 disguised");
  const Explanation disguised = Explain(program, test::TextDocument("w.i.r.e transfer"));
  ASSERT_EQ(disguised.rules.size(), 1u);
  EXPECT_TRUE(disguised.rules[0].when.value);
  EXPECT_EQ(disguised.rules[0].when.detail, "1 match, 1 disguised");
  ASSERT_EQ(disguised.matches.size(), 1u);
  EXPECT_FALSE(disguised.matches[0].evasions.empty());
}

// Explain's outcomes agree with the scanner on real rules and text.
TEST(ExplainBundledRules, OutcomesAgreeWithTheScannerOnTheSampleCorpus) {
  const test::BundledProgramLoad& bundled = test::BundledProgram();
  ASSERT_NE(bundled.program, nullptr) << bundled.error;
  std::ifstream corpus(test::BundledRules() / "samples" / "flagged.jsonl");
  JsonlSource source(corpus);
  Scanner scanner(bundled.program);
  Document document;
  std::string problem;
  std::size_t documents = 0;
  while (source.Read(&document, &problem) != JsonlSource::Next::kEnd) {
    const Verdict& verdict = scanner.Scan(document);
    std::set<std::uint32_t> matched;
    for (const RuleMatch& match : verdict.live) matched.insert(match.rule);
    for (const RuleMatch& match : verdict.shadow) matched.insert(match.rule);
    const Explanation explanation = Explain(bundled.program, document);
    std::set<std::uint32_t> explained;
    for (const RuleTrace& trace : explanation.rules) {
      if (trace.outcome == RuleOutcome::kMatched) explained.insert(trace.rule);
    }
    ASSERT_EQ(explained, matched) << document.id;
    ASSERT_EQ(explanation.decision, verdict.decision) << document.id;
    ++documents;
  }
  EXPECT_GT(documents, 300u);
}

}  // namespace
}  // namespace bylaw
