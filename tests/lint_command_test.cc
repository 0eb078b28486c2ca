// Tests for cli/lint_command.cc: runs `bylaw lint` on small rule folders and
// pins its text and JSON output with golden files (tests/testdata/cli/).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "test_rules.h"

namespace bylaw::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// One finding of each kind that needs no word list, and a clean rule.
constexpr char kPack[] = R"(category: frauds-and-scams
terms:
  wire: [wire transfer]
  urgent: [urgent]
  spare: [never used]
  code: [{ regex: '\bcode\s*\d{1,100}\b' }]
rules:
  - id: fraud.wire
    when: wire and urgent
    action: remove
    examples: { flag: ["urgent wire transfer"], pass: ["wire transfer fees"] }
  - id: fraud.wire_review
    when: wire and urgent and code
    action: review
    examples: { flag: ["urgent wire transfer code 12"], pass: ["code 12"] }
  - id: fraud.never
    when: wire and not wire
  # lint-ignore: no-examples (a draft)
  - id: fraud.draft
    when: code and urgent
)";

class LintCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteWholeFile(runner_.dir() / "rules/taxonomy.yaml", kTestTaxonomy);
    WriteWholeFile(runner_.dir() / "rules/fraud.yaml", kPack);
    WriteWholeFile(runner_.dir() / "words.txt", "class\n");
  }
  CliResult Lint(std::vector<std::string> options) {
    std::vector<std::string> args = {"lint", "--word-list", runner_.Path("words.txt")};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back(runner_.Path("rules"));
    return runner_.Run(args);
  }
  CliRunner runner_;
};

TEST_F(LintCommandTest, PrintsFindingsWithTheirChecksAndFailsAtWarnings) {
  const CliResult result = Lint({});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, HasSubstr("[unreachable]"));
  EXPECT_THAT(result.out, HasSubstr("lint: 0 errors, 5 warnings, 0 notes (1 by lint-ignore)\n"));
  runner_.ExpectGolden("lint_findings", result);
}

TEST_F(LintCommandTest, SeverityErrorPassesOnWarningsAndHidesThem) {
  const CliResult result = Lint({"--severity", "error"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, StartsWith("lint: 0 errors, 5 warnings"));
}

TEST_F(LintCommandTest, JsonListsEveryFindingForEditors) {
  const CliResult result = Lint({"--format", "json"});
  EXPECT_EQ(result.exit_code, 1);
  const nlohmann::json json = nlohmann::json::parse(result.out);
  ASSERT_EQ(json["findings"].size(), 5u);
  std::vector<std::string> checks;
  for (const auto& finding : json["findings"]) checks.push_back(finding["check"]);
  EXPECT_THAT(checks, ::testing::ElementsAre("unused-term", "regex-repeat", "unreachable",
                                             "no-examples", "never-matches"));
  EXPECT_EQ(json["findings"][2]["line"], 12);
  EXPECT_EQ(json["findings"][2]["notes"][0]["line"], 8);
  EXPECT_EQ(json["counts"]["warnings"], 5);
  EXPECT_EQ(json["suppressed"], 1);
  EXPECT_EQ(json["compiled"], true);
}

// One pack file is linted with the taxonomy beside it; the other packs of
// its folder are not read.
TEST_F(LintCommandTest, LintsOnePackFileWithTheTaxonomyBesideIt) {
  WriteWholeFile(runner_.dir() / "rules/other.yaml",
                 "category: frauds-and-scams\nterms:\n  idle: [idle]\nrules: []\n");
  const CliResult folder = Lint({});
  EXPECT_THAT(folder.out, HasSubstr("other.yaml"));
  const CliResult pack = runner_.Run({"lint", "--word-list", runner_.Path("words.txt"),
                                      runner_.Path("rules/fraud.yaml")});
  EXPECT_EQ(pack.exit_code, 1);
  EXPECT_THAT(pack.out, HasSubstr("fraud.yaml:5:3: warning[unused-term]: term `spare` is not used"));
  EXPECT_THAT(pack.out, ::testing::Not(HasSubstr("other.yaml")));
  const CliResult not_a_pack = runner_.Run({"lint", runner_.Path("words.txt")});
  EXPECT_EQ(not_a_pack.exit_code, 2);
  EXPECT_THAT(not_a_pack.err, HasSubstr("is neither a folder, a pack file (.yaml) nor a compiled "
                                        "program"));
}

TEST_F(LintCommandTest, BadOptionsAndMissingFoldersAreUsageErrors) {
  EXPECT_EQ(Lint({"--severity", "fatal"}).exit_code, 2);
  EXPECT_EQ(Lint({"--format", "xml"}).exit_code, 2);
  const CliResult missing = runner_.Run({"lint", runner_.Path("nowhere")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("does not exist"));
  const CliResult help = runner_.Run({"lint", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  runner_.ExpectGolden("lint_help", help);
}

}  // namespace
}  // namespace bylaw::test
