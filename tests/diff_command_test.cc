// Tests for cli/diff_command.cc and cli/rules_checkout.cc: `bylaw diff` on
// two rule folders and a small corpus, its JSON, its gates, rulesets named
// as git revisions, and the progress line only on a terminal.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "test_rules.h"

namespace bylaw::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOldPack[] = R"(category: frauds-and-scams
terms:
  wire: [wire transfer]
  urgent: [urgent]
  gift: [gift card]
rules:
  - id: fraud.wire
    when: wire and urgent
    action: remove
  - id: fraud.gift
    when: gift
    action: label
)";

constexpr char kCorpus[] =
    R"({"id":"a","text":"urgent wire transfer"})" "\n"
    R"({"id":"b","text":"wire transfer fees"})" "\n"
    "not json\n"
    R"({"id":"c","text":"a gift card <script>"})" "\n"
    R"({"id":"d","text":"nothing here"})" "\n";

std::string NewPack() {
  std::string pack = kOldPack;
  pack = ReplaceAll(pack, "when: wire and urgent\n    action: remove", "when: wire\n    action: review");
  return pack + "  - id: fraud.gift_trial\n    when: gift\n    status: shadow\n";
}

class DiffCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteWholeFile(runner_.dir() / "old/taxonomy.yaml", kTestTaxonomy);
    WriteWholeFile(runner_.dir() / "old/fraud.yaml", kOldPack);
    WriteWholeFile(runner_.dir() / "new/taxonomy.yaml", kTestTaxonomy);
    WriteWholeFile(runner_.dir() / "new/fraud.yaml", NewPack());
    WriteWholeFile(runner_.dir() / "corpus.jsonl", kCorpus);
  }
  CliResult Diff(const std::vector<std::string>& options) {
    std::vector<std::string> args = {"diff"};
    args.insert(args.end(), options.begin(), options.end());
    for (const char* name : {"old", "new", "corpus.jsonl"}) args.push_back(runner_.Path(name));
    return runner_.Run(args);
  }
  CliRunner runner_;
};

TEST_F(DiffCommandTest, ShowsChangedDocumentsSideBySideAndFailsTheDecisionGate) {
  const CliResult result = Diff({});
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_THAT(result.out, HasSubstr("\"a\" (line 1): decision remove -> review"));
  EXPECT_THAT(result.out, HasSubstr("\"b\" (line 2): decision allow -> review"));
  EXPECT_THAT(result.out, Not(HasSubstr("\"d\"")));
  EXPECT_THAT(result.err, HasSubstr("corpus.jsonl:3: error:"));
  EXPECT_THAT(result.err, Not(HasSubstr("docs/s")));  // stderr is no terminal
  runner_.ExpectGolden("diff", result);
}

TEST_F(DiffCommandTest, JsonHasOneLinePerChangedDocumentThenTheSummary) {
  const CliResult result = Diff({"--json"});
  EXPECT_EQ(result.exit_code, 4);
  std::istringstream lines(result.out);
  std::vector<nlohmann::json> objects;
  for (std::string line; std::getline(lines, line);) objects.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(objects.size(), 4u);
  EXPECT_EQ(objects[0]["id"], "a");
  EXPECT_EQ(objects[0]["old"]["decision"], "remove");
  EXPECT_EQ(objects[0]["new"]["categories"]["frauds-and-scams"], "review");
  EXPECT_EQ(objects[2]["id"], "c");
  EXPECT_EQ(objects[2]["shadow_only"], true);
  EXPECT_EQ(objects[2]["new"]["shadow"][0], "fraud.gift_trial");
  const nlohmann::json& summary = objects[3]["summary"];
  EXPECT_EQ(summary["documents"], 4);
  EXPECT_EQ(summary["skipped"], 1);
  EXPECT_EQ(summary["newly_flagged"], 1);
  EXPECT_EQ(summary["failed"], true);
}

TEST_F(DiffCommandTest, GatesDecideTheExitStatus) {
  EXPECT_EQ(Diff({"--fail-on", "never"}).exit_code, 0);
  EXPECT_EQ(Diff({"--fail-on", "flagged"}).exit_code, 4);
  EXPECT_EQ(Diff({"--fail-on", "sometimes"}).exit_code, 2);
  const CliResult same = runner_.Run({"diff", runner_.Path("old"), runner_.Path("old"),
                                      runner_.Path("corpus.jsonl")});
  EXPECT_EQ(same.exit_code, 0);
  EXPECT_THAT(same.out, HasSubstr("changed: 0 "));
}

TEST_F(DiffCommandTest, RulesetsMayBeGitRevisions) {
  const std::string repo = runner_.Path("repo");
  const std::string script =
      "set -e; mkdir -p " + ShellQuoted(repo) + "/rules; cd " + ShellQuoted(repo) +
      "; git init -q; cp ../old/* rules/; git add rules;"
      " git -c user.name=t -c user.email=t@t commit -qm old; cp ../new/* rules/; " +
      ShellQuoted(BYLAW_CLI_PATH) + " diff HEAD:rules rules ../corpus.jsonl";
  const CliResult result = runner_.Run({"-c", script}, "", "/bin/sh");
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\"a\" (line 1): decision remove -> review"));
  const CliResult bad = runner_.Run({"-c", "cd " + ShellQuoted(repo) + " && " +
                                               ShellQuoted(BYLAW_CLI_PATH) +
                                               " diff HEAD~5:rules rules ../corpus.jsonl"},
                                    "", "/bin/sh");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("cannot read rules `HEAD~5:rules` from git"));
  EXPECT_EQ(runner_.Run({"diff", "no-such-dir", runner_.Path("new"), "-"}).exit_code, 2);
}

// A plain-text corpus read as JSON Lines decides nothing: the gate must not
// pass over it. With --text-lines each line is a document.
TEST_F(DiffCommandTest, PlainTextFailsLoudlyUnlessReadAsTextLines) {
  WriteWholeFile(runner_.dir() / "notes.txt", "urgent wire transfer\nwire transfer fees\nhello\n");
  const auto run = [&](const std::vector<std::string>& options) {
    std::vector<std::string> args = {"diff"};
    args.insert(args.end(), options.begin(), options.end());
    for (const char* name : {"old", "new", "notes.txt"}) args.push_back(runner_.Path(name));
    return runner_.Run(args);
  };
  const CliResult garbage = run({"--fail-on", "never"});
  EXPECT_EQ(garbage.exit_code, 5);
  EXPECT_EQ(garbage.out, "");  // no summary, no gate verdict
  EXPECT_THAT(garbage.err, HasSubstr("notes.txt:3: error: invalid JSON"));
  EXPECT_THAT(garbage.err, HasSubstr("bylaw diff: no usable document in `"));
  EXPECT_THAT(garbage.err, HasSubstr("add --text-lines"));
  const CliResult lines = run({"--text-lines"});
  EXPECT_EQ(lines.exit_code, 4) << lines.err;
  EXPECT_THAT(lines.out, HasSubstr("\"line-1\" (line 1): decision remove -> review\n"
                                   "  text: \"urgent wire transfer\"\n"));
  EXPECT_THAT(lines.out, HasSubstr("documents: 3, skipped as malformed or refused: 0\n"));
}

TEST_F(DiffCommandTest, MostlyMalformedInputFailsAndHalfDoesNot) {
  WriteWholeFile(runner_.dir() / "mostly-bad.jsonl", std::string(kCorpus) + "x\ny\nz\nw\n");
  const CliResult bad = runner_.Run({"diff", runner_.Path("old"), runner_.Path("new"),
                                     runner_.Path("mostly-bad.jsonl")});
  EXPECT_EQ(bad.exit_code, 5);
  EXPECT_THAT(bad.err, HasSubstr("more than half of `" + runner_.Path("mostly-bad.jsonl") +
                                 "` was rejected (5 rejected as malformed, refused or unusable, "
                                 "4 usable), so the result would mean nothing\n"));
  WriteWholeFile(runner_.dir() / "half-bad.jsonl", std::string(kCorpus) + "x\ny\nz\n");
  EXPECT_EQ(runner_.Run({"diff", runner_.Path("old"), runner_.Path("new"),
                         runner_.Path("half-bad.jsonl")}).exit_code, 4);
}

// Every source `replay` reads: here a folder, each file one document, shown
// by its path; every field that matched is shown with its words.
TEST_F(DiffCommandTest, ReadsAFolderOfFilesAndShowsEveryMatchedField) {
  WriteWholeFile(runner_.dir() / "posts/a.txt", "urgent wire transfer");
  WriteWholeFile(runner_.dir() / "posts/b.txt", "nothing here");
  const CliResult result = runner_.Run({"diff", runner_.Path("old"), runner_.Path("new"),
                                        "files:" + runner_.Path("posts")});
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\"a.txt\" (" + runner_.Path("posts/a.txt") +
                                    "): decision remove -> review\n"));
  EXPECT_THAT(result.out, HasSubstr("  words in text \"urgent\", \"wire transfer\""));
  EXPECT_THAT(result.out, HasSubstr("documents: 2, "));
  const std::string title_corpus =
      R"({"id":"t","title":"urgent wire transfer","text":"hello"})" "\n";
  const CliResult titled = runner_.Run({"diff", "--json", runner_.Path("old"),
                                        runner_.Path("new"), "-"},
                                       title_corpus);
  EXPECT_EQ(titled.exit_code, 4) << titled.err;
  const nlohmann::json change = nlohmann::json::parse(titled.out.substr(0, titled.out.find('\n')));
  EXPECT_EQ(change["old"]["words"]["title"], nlohmann::json({"urgent", "wire transfer"}));
  EXPECT_EQ(change["new"]["words"]["title"], nlohmann::json({"wire transfer"}));
  EXPECT_FALSE(change["new"]["words"].contains("text"));
}

// Under a pseudo-terminal (script(1)), stderr is a terminal: the progress
// line appears, and is erased before the summary.
TEST_F(DiffCommandTest, ProgressLineOnlyOnATerminal) {
  if (!std::filesystem::exists("/usr/bin/script")) GTEST_SKIP() << "script(1) is not installed";
  std::string corpus;
  for (int i = 0; i < 200; ++i) corpus += R"({"text":"urgent wire transfer"})" "\n";
  WriteWholeFile(runner_.dir() / "big.jsonl", corpus);
  const std::string command = ShellQuoted(BYLAW_CLI_PATH) + " diff --json " +
                              ShellQuoted(runner_.Path("old")) + " " +
                              ShellQuoted(runner_.Path("new")) + " " +
                              ShellQuoted(runner_.Path("big.jsonl")) + " >/dev/null";
  const CliResult result = runner_.Run({"-qec", command, "/dev/null"}, "", "/usr/bin/script");
  EXPECT_THAT(result.out, HasSubstr("docs/s"));
  EXPECT_THAT(result.out, HasSubstr("diff ["));
}

}  // namespace
}  // namespace bylaw::test
