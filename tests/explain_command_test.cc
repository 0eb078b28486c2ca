// Tests for cli/explain_command.cc: `bylaw explain` for people (golden) and
// as JSON, exit statuses, and document text that must not reach the
// terminal raw.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "test_rules.h"

namespace bylaw::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kPack = FraudPack(R"(  - id: fraud.wire
    when: wire and urgent
    unless: news
    action: remove
  - id: fraud.gift
    when: gift and urgent
    action: review
    maturity: test
    author: fraud desk
    created: 2025-01-31
    references: ["https://example.org/gift-card-scams"]
    false_positives: ["a shop's \"urgent: gift cards sold out\" notice"]
  - id: fraud.gift_trial
    when: gift
    status: shadow
)");

class ExplainCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteWholeFile(runner_.dir() / "rules/taxonomy.yaml", kTestTaxonomy);
    WriteWholeFile(runner_.dir() / "rules/fraud.yaml", kPack);
  }
  CliRunner runner_;
};

TEST_F(ExplainCommandTest, ShowsTreesOutcomesAndTheDecidingRule) {
  const CliResult result = runner_.Run(
      {"explain", "--title", "Urgent!", runner_.Path("rules"), "wire transfer \x1b[2J, gift card"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.out, HasSubstr("set by: fraud.wire\n"));
  EXPECT_THAT(result.out, HasSubstr("fraud.gift (review, live): matched"));
  EXPECT_THAT(result.out, HasSubstr("fraud.gift_trial (review, shadow): matched"));
  EXPECT_THAT(result.out, HasSubstr("fraud.gift (review, live): matched\n    maturity: test\n"
                                    "    author: fraud desk\n    created: 2025-01-31\n"
                                    "    reference: https://example.org/gift-card-scams\n"
                                    "    false positive: a shop's \"urgent: gift cards sold out\" "
                                    "notice\n    when: gift and urgent\n"));
  EXPECT_THAT(result.out, Not(HasSubstr("\x1b")));
  runner_.ExpectGolden("explain", result);
}

// `--meta` gives the document metadata; a metadata test shows what the
// document held, escaped for the terminal.
TEST_F(ExplainCommandTest, ShowsMetadataTestsWithWhatTheDocumentHeld) {
  WriteWholeFile(runner_.dir() / "rules/fraud.yaml", FraudPack(R"(  - id: fraud.live
    when: gift and meta.surface == "live" and meta.age < 18 and not meta.note == "x"
)"));
  const CliResult result =
      runner_.Run({"explain", "--rule", "fraud.live", "--meta", "surface=live", "--meta",
                   "note=a\x1b[2Jb", runner_.Path("rules"), "gift card"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("      true     meta.surface == \"live\"  (surface is \"live\")\n"
                                    "      false    meta.age < 18  (no `age` in the metadata)\n"));
  EXPECT_THAT(result.out, HasSubstr("meta.note == \"x\"  (note is \"a\\x1b[2Jb\")"));
  EXPECT_THAT(result.out, Not(HasSubstr("\x1b")));
  const CliResult minor = runner_.Run({"explain", "--meta", "surface=live", "--meta", "age=15",
                                       runner_.Path("rules"), "gift card"});
  EXPECT_EQ(minor.exit_code, 3);
  EXPECT_THAT(minor.out, HasSubstr("meta.age < 18  (age is \"15\")"));
  const CliResult bad = runner_.Run({"explain", "--meta", "surface", runner_.Path("rules"), "x"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("`--meta` needs NAME=VALUE"));
}

TEST_F(ExplainCommandTest, ReportsTheUnlessThatSuppressedARule) {
  const CliResult result =
      runner_.Run({"explain", runner_.Path("rules"), "-"}, "reported: urgent wire transfer");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("fraud.wire (remove, live): suppressed by unless\n"));
  EXPECT_THAT(result.out, HasSubstr("    unless: news\n      true   news  (1 match)\n"));
  EXPECT_THAT(result.out, HasSubstr("no live rule with an action above allow matched"));
}

TEST_F(ExplainCommandTest, JsonCarriesTreesMatchesAndTheVerdict) {
  const CliResult result =
      runner_.Run({"explain", "--json", runner_.Path("rules"), "urgent gift card \xff"});
  EXPECT_EQ(result.exit_code, 3);
  const nlohmann::json json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["decision"], "review");
  EXPECT_EQ(json["deciding_rules"][0], "fraud.gift");
  EXPECT_EQ(json["verdict"]["decision"], "review");
  EXPECT_EQ(json["fields"][0]["folded"], "urgent gift card \xef\xbf\xbd");
  EXPECT_EQ(json["matches"][1]["term"], "gift");
  EXPECT_EQ(json["matches"][1]["text"], "gift card");
  EXPECT_EQ(json["matches"][1]["evasions"].size(), 0u);
  EXPECT_EQ(json["rules"][0]["id"], "fraud.wire");  // JSON has every touched rule
  EXPECT_EQ(json["rules"][0]["outcome"], "condition false");
  const nlohmann::json& rule = json["rules"][1];
  EXPECT_EQ(rule["id"], "fraud.gift");
  EXPECT_EQ(rule["outcome"], "matched");
  EXPECT_EQ(rule["when"]["children"][1]["text"], "urgent");
  EXPECT_EQ(rule["when"]["children"][1]["value"], true);
  EXPECT_EQ(rule["provenance"]["maturity"], "test");
  EXPECT_EQ(rule["provenance"]["author"], "fraud desk");
  EXPECT_EQ(rule["provenance"]["created"], "2025-01-31");
  EXPECT_EQ(rule["provenance"]["references"][0], "https://example.org/gift-card-scams");
  EXPECT_EQ(rule["provenance"]["false_positives"].size(), 1u);
  EXPECT_FALSE(json["rules"][0].contains("provenance"));  // fraud.wire says nothing
}

TEST_F(ExplainCommandTest, ConditionFalseRulesAreNamedAndShownWithAll) {
  const CliResult brief = runner_.Run({"explain", runner_.Path("rules"), "wire transfer"});
  EXPECT_THAT(brief.out, HasSubstr("and 1 whose condition is false (--all shows their trees): "
                                   "fraud.wire\n"));
  const CliResult all = runner_.Run({"explain", "--all", runner_.Path("rules"), "wire transfer"});
  EXPECT_THAT(all.out, HasSubstr("fraud.wire (remove, live): condition false\n"));
  EXPECT_EQ(runner_.Run({"explain", runner_.Path("nowhere"), "x"}).exit_code, 2);
  EXPECT_EQ(runner_.Run({"explain", "--field", "", runner_.Path("rules"), "x"}).exit_code, 2);
}

// --rule shows one rule's tree whatever its outcome, and says when none of
// its terms matched; an unknown id is a usage error naming close ids.
TEST_F(ExplainCommandTest, RuleFocusesOnOneRuleWhateverItsOutcome) {
  const CliResult focused =
      runner_.Run({"explain", "--rule", "fraud.wire", runner_.Path("rules"), "wire transfer"});
  EXPECT_EQ(focused.exit_code, 0);
  EXPECT_THAT(focused.out, HasSubstr("rule:\n  fraud.wire (remove, live): condition false\n"
                                     "    when: wire and urgent\n"));
  EXPECT_THAT(focused.out, Not(HasSubstr("fraud.gift")));
  const CliResult untouched =
      runner_.Run({"explain", "--rule", "fraud.gift", runner_.Path("rules"), "hello"});
  EXPECT_THAT(untouched.out, HasSubstr("  fraud.gift (review, live): not touched, none of its "
                                       "terms matched\n    maturity: test\n"));
  EXPECT_THAT(untouched.out, HasSubstr("notice\n    when: gift and urgent\n"));
  const CliResult json = runner_.Run(
      {"explain", "--json", "--rule", "fraud.gift", runner_.Path("rules"), "urgent gift card"});
  const nlohmann::json parsed = nlohmann::json::parse(json.out);
  ASSERT_EQ(parsed["rules"].size(), 1u);
  EXPECT_EQ(parsed["rules"][0]["id"], "fraud.gift");
  const CliResult unknown =
      runner_.Run({"explain", "--rule", "gift", runner_.Path("rules"), "hello"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err, "bylaw explain: unknown rule `gift`; rules whose id contains it: "
                         "fraud.gift, fraud.gift_trial\n");
}

TEST_F(ExplainCommandTest, TakesOnePackFileWithTheTaxonomyBesideIt) {
  const CliResult result =
      runner_.Run({"explain", runner_.Path("rules/fraud.yaml"), "urgent wire transfer"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_THAT(result.out, HasSubstr("set by: fraud.wire\n"));
}

}  // namespace
}  // namespace bylaw::test
