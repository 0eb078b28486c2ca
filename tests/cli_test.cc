// Tests for cli/: runs the built `bylaw` binary (BYLAW_CLI_PATH) against
// small rule folders written to a temporary directory, and checks exit
// statuses, summaries and, through golden files under tests/testdata/cli/,
// the exact output. BYLAW_UPDATE_GOLDEN=1 rewrites the golden files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace {

namespace fs = std::filesystem;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kTaxonomy[] = R"(resources:
  - { id: help, title: "Online challenges", url: "https://example.org/challenges" }
categories:
  - id: dangerous-acts
    title: Dangerous acts
    section: Safety
    description: Test category.
    resources: [help]
)";

// A pack whose examples all pass; `{EXTRA_PASS}` is replaced to make one fail.
constexpr char kPack[] = R"(category: dangerous-acts
defaults: { action: remove, severity: high }
terms:
  blackout: [blackout challenge]
  promote: [try it]
  warning: [psa, do not try]
  tide: [tide pod]
rules:
  - id: dac.blackout
    title: Promotes the blackout challenge
    when: blackout and not warning
    labels: [challenge, minor-safety]
    examples:
      flag: ["who's doing the blackout challenge tonight"]
      pass: ["PSA: do not try the blackout challenge"{EXTRA_PASS}]
  - id: dac.blackout.notice
    when: blackout and warning
    action: label
    severity: low
    labels: [safety-notice]
    examples:
      flag: ["PSA: do not try the blackout challenge"]
  - id: dac.tide
    when: tide and promote
    status: shadow
    action: review
    severity: medium
    examples:
      flag: ["tide pod, try it"]
      pass: ["tide pods for laundry"]
)";

using RunResult = bylaw::test::CliResult;

std::string ReadFile(const fs::path& path) { return bylaw::test::ReadWholeFile(path); }
void WriteFile(const fs::path& path, const std::string& text) {
  bylaw::test::WriteWholeFile(path, text);
}
std::string Replace(std::string text, const std::string& from, const std::string& to) {
  return bylaw::test::ReplaceAll(std::move(text), from, to);
}

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    runner_ = new bylaw::test::CliRunner();
    dir_ = new fs::path(runner_->dir());
    WriteRules("good", Replace(kPack, "{EXTRA_PASS}", ""));
    WriteRules("failing", Replace(kPack, "{EXTRA_PASS}", R"(, "the blackout challenge")"));
    WriteRules("broken", Replace(Replace(kPack, "{EXTRA_PASS}", ""), "blackout and not warning",
                                 "blackout and not warnin"));
    WriteRules("unused", Replace(Replace(kPack, "{EXTRA_PASS}", ""), "  tide: [tide pod]\n",
                                 "  tide: [tide pod]\n  spare: [never used]\n"));
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete runner_;
  }

  static void WriteRules(const std::string& name, const std::string& pack) {
    WriteFile(*dir_ / name / "taxonomy.yaml", kTaxonomy);
    WriteFile(*dir_ / name / "dangerous.yaml", pack);
  }
  static std::string Rules(const std::string& name) { return (*dir_ / name).string(); }
  static std::string Path(const std::string& name) { return (*dir_ / name).string(); }

  // Runs `bylaw args...` with `input` on stdin; NO_COLOR is irrelevant since
  // stdout is a file, not a terminal.
  static RunResult Run(const std::vector<std::string>& args, const std::string& input = "") {
    return runner_->Run(args, input);
  }
  // Compares `result` with tests/testdata/cli/<name>.txt (cli_runner.h).
  static void ExpectGolden(const std::string& name, const RunResult& result) {
    runner_->ExpectGolden(name, result);
  }

  static bylaw::test::CliRunner* runner_;
  static fs::path* dir_;
};

bylaw::test::CliRunner* CliTest::runner_ = nullptr;
fs::path* CliTest::dir_ = nullptr;

TEST_F(CliTest, HelpListsCommandsAndExitCodes) {
  const RunResult result = Run({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("Exit status:"));
  ExpectGolden("help", result);
}

TEST_F(CliTest, EverySubcommandHasHelp) {
  for (const std::string command : {"check", "test", "scan", "replay", "serve", "schema"}) {
    SCOPED_TRACE(command);
    // --help wins even next to a bad option and without the required arguments.
    const RunResult result = Run({command, "--no-such-option", "--help"});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_THAT(result.out, StartsWith("Usage: bylaw " + command));
    EXPECT_EQ(result.err, "");
    ExpectGolden(command + "_help", result);
  }
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{}, "missing command"},
      {{"frobnicate"}, "unknown command `frobnicate`"},
      {{"check"}, "missing argument RULES"},
      {{"scan", "--jsn", "x"}, "unknown option `--jsn`"},
      {{"replay", "x", "y", "z"}, "unexpected argument `z`"},
      {{"replay", "x", "y", "-o"}, "option `-o` needs a value"},
      {{"check", "--werror=yes", "x"}, "option `--werror` takes no value"},
      {{"replay", "--max-document-bytes", "0", "x", "y"},
       "option `--max-document-bytes` must be a number of bytes from 1 to 4G"},
      {{"scan", "--max-document-bytes", "12Q", "x", "y"}, "(N, NK, NM or NG), not `12Q`"},
      {{"replay", "--oversize", "drop", "x", "y"}, "must be one of stream, refuse, not `drop`"},
      {{"worker", "x", "--batch", "many"}, "option `--batch` must be a whole number from 1 to"},
      {{"eval", "--min-recall", "2", "x", "y"},
       "option `--min-recall` must be a number from 0 to 1"},
      {{"eval", "--enforce-at", "allow", "x", "y"},
       "option `--enforce-at` must be one of label, review, restrict, remove, not `allow`"},
      {{"diff", "--fail-on", "sometimes", "x", "y", "z"},
       "option `--fail-on` must be one of decision, flagged, any, never, not `sometimes`"},
      {{"check", "--compile-seconds", "0", "x"}, "must be a whole number from 1 to 86400, not `0`"},
      {{"lint", "--severity", "fatal", "x"}, "must be one of error, warning, note, not `fatal`"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    const RunResult result = Run(c.args);
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_THAT(result.err, HasSubstr(c.message));
    EXPECT_EQ(result.out, "");
  }
}

TEST_F(CliTest, VersionPrintsTheProjectVersion) {
  const RunResult result = Run({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, StartsWith("bylaw "));
  EXPECT_THAT(result.out, Not(HasSubstr("unknown")));
}

TEST_F(CliTest, CheckSummarizesGoodRules) {
  const RunResult result = Run({"check", Rules("good")});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, StartsWith("ok: 1 pack, 3 rules, 4 terms, "));
  EXPECT_EQ(result.err, "");
  ExpectGolden("check_good", result);
}

TEST_F(CliTest, CheckReportsErrorsAndExitsOne) {
  const RunResult result = Run({"check", Rules("broken")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("dangerous.yaml:11:"));
  EXPECT_THAT(result.err, HasSubstr("error[unknown-term]:"));
  EXPECT_THAT(result.out, StartsWith("failed: 1 error"));
  ExpectGolden("check_broken", result);
}

TEST_F(CliTest, CheckWarningsFailOnlyWithWerror) {
  const RunResult lenient = Run({"check", Rules("unused")});
  EXPECT_EQ(lenient.exit_code, 0);
  EXPECT_THAT(lenient.err, HasSubstr("warning[unused-term]:"));
  EXPECT_THAT(lenient.err, HasSubstr("`spare`"));
  EXPECT_THAT(lenient.out, HasSubstr("1 warning,"));
  const RunResult strict = Run({"check", "--werror", Rules("unused")});
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_THAT(strict.out, StartsWith("failed: "));
}

// --format json: the same outcome as one object on stdout, nothing on
// stderr, the same exit status; a note stays with its diagnostic.
TEST_F(CliTest, CheckWritesJsonForEditorsAndCi) {
  const RunResult broken = Run({"check", "--format", "json", Rules("broken")});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_EQ(broken.err, "");
  const auto report = nlohmann::json::parse(broken.out);
  EXPECT_EQ(report.at("ok"), false);
  EXPECT_EQ(report.at("counts").at("errors"), 1);
  EXPECT_TRUE(report.at("program").is_null());
  ASSERT_EQ(report.at("diagnostics").size(), 1u);
  const auto& error = report.at("diagnostics")[0];
  EXPECT_EQ(error.at("level"), "error");
  EXPECT_THAT(error.at("file").get<std::string>(), EndsWith("dangerous.yaml"));
  EXPECT_EQ(error.at("line"), 11);
  EXPECT_GT(error.at("column").get<int>(), 0);
  EXPECT_TRUE(error.at("notes").is_array());

  const RunResult good = Run({"check", "--format=json", Rules("unused")});
  EXPECT_EQ(good.exit_code, 0);
  const auto ok = nlohmann::json::parse(good.out);
  EXPECT_EQ(ok.at("ok"), true);
  EXPECT_EQ(ok.at("counts").at("warnings"), 1);
  EXPECT_THAT(ok.at("diagnostics")[0].at("message").get<std::string>(), HasSubstr("`spare`"));
  EXPECT_EQ(ok.at("program").at("rules"), 3);
  EXPECT_THAT(ok.at("program").at("ruleset").get<std::string>(), StartsWith("sha256:"));
}

TEST_F(CliTest, MissingRulesDirectoryIsAnEnvironmentError) {
  const RunResult result = Run({"check", Path("nowhere")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("does not exist"));
}

TEST_F(CliTest, TestRunsExamples) {
  const RunResult result = Run({"test", Rules("good")});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "5 passed, 0 failed\n");
  ExpectGolden("test_good", result);
}

TEST_F(CliTest, TestReportsFailedExamplesAndExitsOne) {
  const RunResult result = Run({"test", Rules("failing")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, EndsWith("5 passed, 1 failed\n"));
  EXPECT_THAT(result.err, HasSubstr("dangerous.yaml:15:"));
  ExpectGolden("test_failing", result);
}

TEST_F(CliTest, TestWithBrokenRulesRunsNothingAndExitsOne) {
  const RunResult result = Run({"test", Rules("broken")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("examples not run"));
}

// vectorscan 5.4.9 aborts every scan of more than 255 bytes with `\bz{3,}\b`.
// Where the library has the bug the regex is an error at its line, and
// glibc's report of the compile child's abort never reaches the user; where
// it does not, the long text is scanned and flagged. Never a crash.
TEST_F(CliTest, ARegexThatAbortsLongScansIsAnErrorNotACrash) {
  WriteRules("aborting", R"(category: dangerous-acts
terms:
  zs: [{ regex: '\bz{3,}\b' }]
rules:
  - { id: zs, when: zs, action: remove }
)");
  const RunResult result = Run({"scan", Rules("aborting"), std::string(300, 'x') + " zzzz"});
  EXPECT_THAT(result.err, Not(HasSubstr("buffer overflow")));
  if (result.exit_code == 1) {
    EXPECT_THAT(result.err + result.out,
                HasSubstr("dangerous.yaml:3:17: error[hyperscan-rejected]: hyperscan cannot compile"));
  } else {
    EXPECT_EQ(result.exit_code, 3) << result.err;
  }
}

TEST_F(CliTest, ScanExplainsAFlaggedDocument) {
  const RunResult result = Run({"scan", Rules("good"), "--title", "my day",
                                "Doing the blackout challenge!\nTry it, tide pod too"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.out, StartsWith("decision: remove\n"));
  EXPECT_THAT(result.out, HasSubstr("text[10,28) \"blackout challenge\" term=blackout"));
  EXPECT_THAT(result.out, HasSubstr("Doing the [[blackout challenge]]!"));
  EXPECT_THAT(result.out, HasSubstr("https://example.org/challenges"));
  ExpectGolden("scan_flagged", result);
}

TEST_F(CliTest, ScanExplainShowsTheFoldedTextOfEachSpan) {
  // Cyrillic а (U+0430) in "blackout", leet in "challenge".
  const RunResult result =
      Run({"scan", "--explain", Rules("good"), "do the bl\xD0\xB0" "ckout ch4llenge"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.out, HasSubstr("\"bl\xD0\xB0" "ckout ch4llenge\" term=blackout "
                                    "evasions=confusable,mixed-script,leet\n"
                                    "        folded \"blackout ch4llenge\""));
}

TEST_F(CliTest, ScanAllowedDocumentExitsZero) {
  const RunResult result = Run({"scan", Rules("good"), "a quiet afternoon"});
  EXPECT_EQ(result.exit_code, 0);
  ExpectGolden("scan_allowed", result);
}

TEST_F(CliTest, ScanReadsStdinAndPrintsJson) {
  const RunResult result = Run({"scan", "--json", "--field", "caption", "--id", "v1",
                                Rules("good"), "-"},
                               "the blackout challenge, who's in");
  EXPECT_EQ(result.exit_code, 3);
  const auto verdict = nlohmann::json::parse(result.out);
  EXPECT_EQ(verdict["id"], "v1");
  EXPECT_EQ(verdict["decision"], "remove");
  EXPECT_EQ(verdict["rules"][0]["spans"][0]["field"], "caption");
  ExpectGolden("scan_json", result);
}

TEST_F(CliTest, ScanSurvivesInvalidUtf8AndControlCharacters) {
  const std::string text = "\xff\xfe the blackout challenge\x1b[2J \xc0\x80 end";
  const RunResult human = Run({"scan", Rules("good")}, text);
  EXPECT_EQ(human.exit_code, 3);
  EXPECT_THAT(human.out, Not(HasSubstr("\x1b")));  // no terminal escapes from the text
  EXPECT_THAT(human.out, Not(HasSubstr("\xff")));
  const RunResult json = Run({"scan", "--json", Rules("good")}, text);
  EXPECT_EQ(json.exit_code, 3);
  EXPECT_TRUE(nlohmann::json::accept(json.out)) << json.out;
}

TEST_F(CliTest, ScanWithBrokenRulesExitsOne) {
  const RunResult result = Run({"scan", Rules("broken"), "blackout challenge"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("error[unknown-term]:"));
  EXPECT_EQ(result.out, "");
}

constexpr char kReplayInput[] =
    R"({"id":"a","text":"the blackout challenge, try it","metadata":{"surface":"live","locale":"es"}})"
    "\n"
    R"({"id":"b","text":"PSA: do not try the blackout challenge","title":"news"})"
    "\n"
    "{\"id\":\"c\",\"text\":\"oops\"\n"  // malformed: line 3
    "\n"
    R"({"id":7,"text":"tide pod, try it","metadata":{"author_age":17,"tags":["x"]}})"
    "\n"
    R"({"text":["not","a","string"],"caption":"a quiet afternoon"})"
    "\n"
    "{\"id\":\"bad-utf8\",\"text\":\"\xff blackout challenge\"}\n"  // U+FFFD, decided: line 7
    R"({"id":"e","text":"blackout \u0000 challenge \u001b[31m"})"
    "\n";

TEST_F(CliTest, ReplayWritesOneVerdictPerDocumentAndReportsBadLines) {
  const RunResult result = Run({"replay", Rules("good"), "-"}, kReplayInput);
  EXPECT_EQ(result.exit_code, 0);
  std::istringstream lines(result.out);
  std::vector<std::string> ids;
  std::vector<nlohmann::json> verdicts;
  for (std::string line; std::getline(lines, line);) {
    verdicts.push_back(nlohmann::json::parse(line));
    ids.push_back(verdicts.back()["id"].get<std::string>());
  }
  EXPECT_THAT(ids, ::testing::ElementsAre("a", "b", "7", "line-6", "bad-utf8", "e"));
  // The metadata comes back as given (other values than strings as JSON
  // text); a document without metadata has no key; every rule its title.
  EXPECT_EQ(verdicts[0]["metadata"], nlohmann::json::parse(R"({"surface":"live","locale":"es"})"));
  EXPECT_EQ(verdicts[2]["metadata"], nlohmann::json::parse(R"({"author_age":"17","tags":"[\"x\"]"})"));
  EXPECT_FALSE(verdicts[1].contains("metadata"));
  EXPECT_EQ(verdicts[0]["rules"][0]["title"], "Promotes the blackout challenge");
  EXPECT_THAT(result.err, HasSubstr("<stdin>:3: error: invalid JSON"));
  EXPECT_THAT(result.err, HasSubstr("<stdin>:7: warning: 1 invalid characters"));
  EXPECT_THAT(result.err, HasSubstr("<stdin>:6: warning: field `text` must be a string"));
  EXPECT_THAT(result.err, HasSubstr("\ndocuments: 6\n"));
  EXPECT_THAT(result.err, HasSubstr("\nmalformed lines skipped: 1\n"));
  ExpectGolden("replay", result);
}

TEST_F(CliTest, ReplayFromFileToFileWithCustomKeys) {
  WriteFile(*dir_ / "custom.jsonl",
            R"({"uuid":"u1","body":"blackout challenge","text":"ignored"})" "\n");
  const std::string output = Path("verdicts.jsonl");
  const RunResult result = Run({"replay", "--fields", "body, subject", "--id", "uuid", "-o",
                                output, Rules("good"), Path("custom.jsonl")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "");
  const auto verdict = nlohmann::json::parse(ReadFile(output));
  EXPECT_EQ(verdict["id"], "u1");
  EXPECT_EQ(verdict["rules"][0]["spans"][0]["field"], "body");
  EXPECT_THAT(result.err, HasSubstr("documents: 1\nflagged: 1\n"));
}

// Three documents; the second has 1,030 bytes of text, a match at its end.
std::string ReplayInputWithALongDocument() {
  return R"({"id":"a","text":"the blackout challenge, try it"})" "\n"
         R"({"id":"long","text":")" + std::string(1000, '.') +
         R"( so try the blackout challenge"})" "\n"
         R"({"id":"c","text":"a quiet afternoon"})" "\n";
}

TEST_F(CliTest, ReplayStreamsADocumentOverTheLimitToTheSameVerdicts) {
  const std::string input = ReplayInputWithALongDocument();
  const RunResult whole =
      Run({"replay", "--metrics", Path("whole.prom"), Rules("good"), "-"}, input);
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  const RunResult streamed = Run({"replay", "--max-document-bytes", "100", "--metrics",
                                  Path("streamed.prom"), Rules("good"), "-"},
                                 input);
  EXPECT_EQ(streamed.exit_code, 0) << streamed.err;
  EXPECT_EQ(streamed.out, whole.out);
  // The streamed document's text is counted, though its verdict holds none.
  EXPECT_THAT(ReadFile(Path("streamed.prom")), HasSubstr("\nbylaw_bytes_total 1077\n"));
  EXPECT_THAT(ReadFile(Path("whole.prom")), HasSubstr("\nbylaw_bytes_total 1077\n"));
  EXPECT_THAT(streamed.out, HasSubstr("\"id\":\"long\",\"decision\":\"remove\""));
  EXPECT_THAT(streamed.err, HasSubstr("documents: 3\nflagged: 2\n"));
  EXPECT_THAT(streamed.err, Not(HasSubstr("refused")));
}

TEST_F(CliTest, ReplayRefusesADocumentOverTheLimitAtItsLineAndCountsIt) {
  const RunResult result = Run({"replay", "--max-document-bytes", "1K", "--oversize", "refuse",
                                Rules("good"), "-"},
                               ReplayInputWithALongDocument());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  std::vector<std::string> ids;
  for (std::string line; std::getline(lines, line);) {
    ids.push_back(nlohmann::json::parse(line)["id"].get<std::string>());
  }
  EXPECT_THAT(ids, ::testing::ElementsAre("a", "c"));
  EXPECT_THAT(result.err, HasSubstr("<stdin>:2: error: document `long` refused: 1030 bytes of "
                                    "text, over the limit of 1024 bytes\n"));
  EXPECT_THAT(result.err, HasSubstr("\ndocuments: 2\n"));
  EXPECT_THAT(result.err, HasSubstr("\ndocuments refused (over --max-document-bytes): 1\n"));
}

TEST_F(CliTest, ScanRefusesATextOverTheLimitOrStreamsIt) {
  const RunResult refused = Run({"scan", "--max-document-bytes", "8", "--oversize", "refuse",
                                 Rules("good"), "the blackout challenge"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.out, "");
  EXPECT_THAT(refused.err, HasSubstr("error: document `cli` refused: 22 bytes of text, over the "
                                     "limit of 8 bytes"));
  const RunResult streamed =
      Run({"scan", "--json", "--max-document-bytes", "8", Rules("good"), "the blackout challenge"});
  const RunResult whole = Run({"scan", "--json", Rules("good"), "the blackout challenge"});
  EXPECT_EQ(streamed.exit_code, 3);
  EXPECT_EQ(streamed.out, whole.out);
}

// Plain text read as JSON Lines is all malformed: the replay fails with its
// own exit status and a hint, and --text-lines reads each line as a document.
TEST_F(CliTest, ReplayOfPlainTextFailsLoudlyUnlessReadAsTextLines) {
  WriteFile(*dir_ / "notes.txt", "who's up for the blackout challenge\n\na quiet afternoon\n");
  const RunResult garbage = Run({"replay", Rules("good"), Path("notes.txt")});
  EXPECT_EQ(garbage.exit_code, 5);
  EXPECT_EQ(garbage.out, "");
  EXPECT_THAT(garbage.err, HasSubstr("notes.txt:3: error: invalid JSON"));
  EXPECT_THAT(garbage.err, HasSubstr("bylaw replay: no usable document in `" + Path("notes.txt") +
                                     "` (2 rejected as malformed, refused or "
                                     "unusable), so there is nothing to report\n"
                                     "hint: for plain text, one document per line, add "
                                     "--text-lines\n"));
  const RunResult lines = Run({"replay", "--text-lines", Rules("good"), Path("notes.txt")});
  EXPECT_EQ(lines.exit_code, 0) << lines.err;
  std::istringstream verdicts(lines.out);
  std::vector<std::string> decided;
  for (std::string line; std::getline(verdicts, line);) {
    const auto verdict = nlohmann::json::parse(line);
    decided.push_back(verdict["id"].get<std::string>() + " " + verdict["decision"].get<std::string>());
  }
  EXPECT_THAT(decided, ::testing::ElementsAre("line-1 remove", "line-3 allow"));
}

// The input check's threshold: more rejected than decided fails; as many
// rejected as decided, or fewer, passes; nothing decided fails.
TEST_F(CliTest, ReplayFailsWhenMoreThanHalfOfTheInputIsRejected) {
  const std::string good = R"({"text":"a quiet afternoon"})" "\n";
  const struct {
    std::string input;
    int exit_code;
  } cases[] = {
      {good + "bad\n" + good, 0},
      {good + "bad\n", 0},
      {good + "bad\nbad\n", 5},
      {"", 5},
      {"\n\n", 5},
  };
  for (const auto& c : cases) {
    const RunResult result = Run({"replay", Rules("good"), "-"}, c.input);
    EXPECT_EQ(result.exit_code, c.exit_code) << c.input << result.err;
    EXPECT_EQ(result.exit_code == 5, result.err.find("bylaw replay: ") != std::string::npos);
  }
}

TEST_F(CliTest, ReplayOfUnreadableFileExitsTwo) {
  const RunResult result = Run({"replay", Rules("good"), Path("missing.jsonl")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("cannot open"));
}

// `test --rule` runs one rule's examples; `check` and `test` take one pack
// file with the taxonomy beside it; a run of no example fails.
TEST_F(CliTest, TestFocusesOnOneRuleOrOnePackFile) {
  EXPECT_EQ(Run({"test", "--rule", "dac.blackout", Rules("good")}).out, "2 passed, 0 failed\n");
  const RunResult failing = Run({"test", "--rule", "dac.blackout", Rules("failing")});
  EXPECT_EQ(failing.exit_code, 1);
  EXPECT_EQ(failing.out, "2 passed, 1 failed\n");
  EXPECT_EQ(Run({"test", "--rule", "dac.tide", Rules("failing")}).exit_code, 0);
  const RunResult unknown = Run({"test", "--rule", "blackout", Rules("good")});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("unknown rule `blackout`; rules whose id contains it: "
                                     "dac.blackout, dac.blackout.notice\n"));
  const RunResult pack = Run({"test", Rules("good") + "/dangerous.yaml"});
  EXPECT_EQ(pack.exit_code, 0) << pack.err;
  EXPECT_EQ(pack.out, "5 passed, 0 failed\n");
  const RunResult checked = Run({"check", Rules("broken") + "/dangerous.yaml"});
  EXPECT_EQ(checked.exit_code, 1);
  EXPECT_THAT(checked.err, HasSubstr("dangerous.yaml:11:"));
  EXPECT_THAT(checked.err, HasSubstr(": error[unknown-term]: unknown term `warnin`"));
  WriteRules("no-examples", "category: dangerous-acts\nterms:\n  t: [tide pod]\nrules:\n"
                            "  - id: dac.t\n    when: t\n");
  const RunResult none = Run({"test", Rules("no-examples")});
  EXPECT_EQ(none.exit_code, 5);
  EXPECT_THAT(none.err, HasSubstr("bylaw test: no example was run: the rules carry no `flag` or "
                                  "`pass` example\n"));
}

// `bylaw compile` writes a program file that every command takes in place of
// the rules, with the same output.
TEST_F(CliTest, CompiledProgramServesInPlaceOfTheRules) {
  const std::string program = Path("good.bylaw");
  const RunResult compiled = Run({"compile", Rules("good"), "-o", program});
  EXPECT_EQ(compiled.exit_code, 0) << compiled.err;
  EXPECT_THAT(compiled.out, StartsWith("wrote " + program + ": "));
  for (const char* text : {"Doing the blackout challenge!", "a quiet afternoon"}) {
    const RunResult from_rules = Run({"scan", "--json", Rules("good"), text});
    const RunResult from_file = Run({"scan", "--json", program, text});
    EXPECT_EQ(from_file.exit_code, from_rules.exit_code) << text;
    EXPECT_EQ(from_file.out, from_rules.out) << text;
  }
  EXPECT_EQ(Run({"test", program}).out, "5 passed, 0 failed\n");
}

TEST_F(CliTest, CompileOfBrokenRulesWritesNothing) {
  const RunResult result = Run({"compile", Rules("broken"), "-o", Path("broken.bylaw")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("nothing written: the rules have 1 error"));
  EXPECT_FALSE(fs::exists(Path("broken.bylaw")));
  EXPECT_EQ(Run({"compile", Rules("good")}).exit_code, 2);  // no -o
}

TEST_F(CliTest, DamagedProgramFileIsRefusedWithTheReason) {
  ASSERT_EQ(Run({"compile", Rules("good"), "-o", Path("whole.bylaw")}).exit_code, 0);
  const std::string bytes = ReadFile(Path("whole.bylaw"));
  WriteFile(Path("half.bylaw"), bytes.substr(0, bytes.size() / 2));
  const RunResult result = Run({"scan", Path("half.bylaw"), "text"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("compiled program `" + Path("half.bylaw") + "` is truncated"));
}

TEST_F(CliTest, CacheIsWrittenThenLoadedAndReplacedWhenDamaged) {
  const std::string cache = Path("cache.bylaw");
  const std::vector<std::string> scan = {"scan", "-v", "--cache", cache, Rules("good"),
                                         "Doing the blackout challenge!"};
  const RunResult first = Run(scan);
  EXPECT_EQ(first.exit_code, 3);
  EXPECT_THAT(first.err, HasSubstr("does not exist"));
  ASSERT_TRUE(fs::exists(cache));
  const RunResult second = Run(scan);
  EXPECT_EQ(second.exit_code, 3);
  EXPECT_THAT(second.err, HasSubstr("from the cache"));
  const std::string bytes = ReadFile(cache);
  WriteFile(cache, bytes.substr(0, 100));
  const RunResult damaged = Run(scan);
  EXPECT_EQ(damaged.exit_code, 3);
  EXPECT_THAT(damaged.err, HasSubstr("warning: compiled program `" + cache + "` is truncated"));
  EXPECT_EQ(ReadFile(cache).size(), bytes.size());
}

}  // namespace
