// Tests for cli/eval_command.cc and cli/eval_score.cc: `bylaw eval` scores
// labelled cases per category and per language, lists misses and false
// positives with the rules involved, writes JSON, gates CI, and refuses to
// pass on input that holds no cases.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "eval_score.h"
#include "test_rules.h"

namespace bylaw::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kDangerPack[] = R"(category: dangerous-acts-and-challenges
terms:
  ch_fire: [fire challenge, reto del fuego]
  warning: [please stop, por favor no]
rules:
  - id: dac.fire
    when: ch_fire and not warning
    action: remove
  - id: dac.fire.notice
    when: ch_fire and warning
    action: label
)";

constexpr char kFraudPack[] = R"(category: frauds-and-scams
terms:
  gift: [gift card]
  fire: [fire challenge]
rules:
  - id: fraud.gift
    when: gift
    action: review
  - id: fraud.fire
    when: fire
    action: review
    status: shadow
)";

// 4 flag and 4 pass cases in two languages: one miss (no rule knows
// "blackout"), one caught by another category only, one false positive.
constexpr char kCases[] =
    R"({"id":"f1","lang":"en","label":"flag","category":"dangerous-acts-and-challenges","action":"remove","text":"did the fire challenge, your turn"})" "\n"
    R"({"id":"f2","lang":"es","label":"flag","category":"dangerous-acts-and-challenges","text":"hice el reto del fuego jaja"})" "\n"
    R"({"id":"f3","lang":"en","label":"flag","category":"dangerous-acts-and-challenges","kind":"participation","text":"blackout challenge day 2"})" "\n"
    R"({"id":"f4","lang":"en","label":"flag","category":["frauds-and-scams","dangerous-acts-and-challenges"],"text":"pay me in gift cards... I mean a gift card"})" "\n"
    R"({"id":"p1","lang":"en","label":"pass","category":"dangerous-acts-and-challenges","action":"label","text":"the fire challenge again? please stop"})" "\n"
    R"({"id":"p2","lang":"es","label":"pass","category":"dangerous-acts-and-challenges","text":"reto del fuego: por favor no"})" "\n"
    R"({"id":"p3","lang":"en","label":"pass","category":"frauds-and-scams","text":"got a gift card for my birthday"})" "\n"
    R"({"id":"p4","lang":"en","label":"pass","text":"lovely weather"})" "\n";

class EvalCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteWholeFile(runner_.dir() / "rules/taxonomy.yaml", kTestTaxonomy);
    WriteWholeFile(runner_.dir() / "rules/danger.yaml", kDangerPack);
    WriteWholeFile(runner_.dir() / "rules/fraud.yaml", kFraudPack);
    WriteWholeFile(runner_.dir() / "cases/a.jsonl", kCases);
  }
  CliResult Eval(std::vector<std::string> options, const std::string& cases = "cases") {
    std::vector<std::string> args = {"eval", runner_.Path("rules"), runner_.Path(cases)};
    args.insert(args.end(), options.begin(), options.end());
    return runner_.Run(args);
  }
  CliRunner runner_;
};

TEST_F(EvalCommandTest, ScoresEveryCategoryAndLanguageAndListsWhatWentWrong) {
  const CliResult result = Eval({});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  runner_.ExpectGolden("eval", result);
}

TEST_F(EvalCommandTest, JsonHoldsTheSameFigures) {
  const CliResult result = Eval({"--json", "-"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report["cases"], 8);
  const nlohmann::json& danger = report["categories"][0];
  EXPECT_EQ(danger["name"], "dangerous-acts-and-challenges");
  EXPECT_EQ(danger["flag"], 4);
  EXPECT_EQ(danger["caught"], 2);
  EXPECT_EQ(danger["caught_as_other_category"], 1);
  EXPECT_DOUBLE_EQ(danger["recall"].get<double>(), 0.5);
  EXPECT_EQ(danger["pass"], 2);
  EXPECT_EQ(danger["false_positives"], 0);
  const nlohmann::json& fraud = report["categories"][1];
  EXPECT_EQ(fraud["flag"], 1);
  EXPECT_EQ(fraud["caught"], 1);
  EXPECT_EQ(fraud["false_positives"], 1);
  EXPECT_DOUBLE_EQ(fraud["precision"].get<double>(), 0.5);
  EXPECT_EQ(report["misses"].size(), 1u);  // f4 is caught as fraud, one of its categories
  EXPECT_EQ(report["misses"][0]["id"], "f3");
  EXPECT_EQ(report["false_positives"].size(), 1u);
  EXPECT_EQ(report["false_positives"][0]["id"], "p3");
  EXPECT_EQ(report["languages"][1]["name"], "es");
  EXPECT_DOUBLE_EQ(report["languages"][1]["recall"].get<double>(), 1.0);
}

TEST_F(EvalCommandTest, GateFailsRowsBelowTheBarWithEnoughCases) {
  const CliResult failing = Eval({"--min-recall", "0.9", "--max-fpr", "0.2", "--min-cases", "2"});
  EXPECT_EQ(failing.exit_code, 4);
  EXPECT_THAT(failing.out, HasSubstr("dangerous-acts-and-challenges: recall 0.500 < 0.900"));
  EXPECT_THAT(failing.out, HasSubstr("en: recall 0.667 < 0.900"));
  EXPECT_THAT(failing.out, HasSubstr("en: FPR 0.333 > 0.200"));
  EXPECT_THAT(failing.out, HasSubstr("all: FPR 0.250 > 0.200"));
  // es has 1 flag case: below --min-cases 2, not checked.
  EXPECT_THAT(failing.out, Not(HasSubstr("  es: recall")));
  const CliResult passing = Eval({"--min-recall", "0.5", "--max-fpr", "0.5", "--min-cases", "2"});
  EXPECT_EQ(passing.exit_code, 0) << passing.out;
  EXPECT_THAT(passing.out, HasSubstr(": pass"));
}

TEST_F(EvalCommandTest, EnforcementLevelDecidesWhatCounts) {
  const CliResult result = Eval({"--enforce-at", "remove", "--json", "-"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report["categories"][1]["caught"], 0);  // fraud.gift only reviews
  EXPECT_EQ(report["overall"]["false_positives"], 0);
}

TEST_F(EvalCommandTest, ReportsBadLabelsAtTheirLine) {
  WriteWholeFile(runner_.dir() / "cases/b.jsonl",
                 R"({"id":"x","label":"maybe","text":"a"})" "\n"
                 R"({"id":"y","label":"flag","category":"nonsense","text":"a"})" "\n"
                 R"({"id":"z","label":"flag","text":"a"})" "\n");
  const CliResult result = Eval({"--summary"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.err, HasSubstr("b.jsonl:1: error: `label` must be flag or pass, not `maybe`"));
  EXPECT_THAT(result.err, HasSubstr("b.jsonl:2: error: unknown category `nonsense`"));
  EXPECT_THAT(result.err, HasSubstr("b.jsonl:3: error: a `flag` case needs the `category` it breaks"));
  EXPECT_THAT(result.out, HasSubstr("8 cases"));
  EXPECT_THAT(result.out, Not(HasSubstr("misses (")));
}

TEST_F(EvalCommandTest, InputWithoutCasesFailsLoudly) {
  WriteWholeFile(runner_.dir() / "plain.jsonl", "not json\n{\"text\":\"no label\"}\n");
  const CliResult result = Eval({"--min-recall", "0.9"}, "plain.jsonl");
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_THAT(result.err, HasSubstr("bylaw eval: no usable document in `"));
  EXPECT_THAT(result.err, HasSubstr("` (2 rejected as malformed, refused or unusable), so there is "
                                    "nothing to report\n"));
  EXPECT_EQ(result.out, "");
}

TEST_F(EvalCommandTest, RefusesBadOptions) {
  EXPECT_EQ(Eval({"--min-recall", "1.5"}).exit_code, 2);
  EXPECT_EQ(Eval({"--enforce-at", "allow"}).exit_code, 2);
  EXPECT_THAT(Eval({"--enforce-at", "allow"}).err, HasSubstr("--enforce-at"));
}

}  // namespace
}  // namespace bylaw::test
