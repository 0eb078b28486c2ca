// Tests for engine/compile/lint.cc and the checks it runs (lint_words.cc,
// lint_conditions.cc): each check on small packs, with a small word list;
// and the bundled rules/, which must lint clean.
#include "bylaw/lint.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "test_rules.h"

namespace bylaw {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class LintTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One file per process: ctest runs the tests of this suite side by side.
    word_list_ = new std::string((std::filesystem::temp_directory_path() /
                                  ("bylaw_lint_words." + std::to_string(getpid()) + ".txt"))
                                     .string());
    std::ofstream(*word_list_) << "ass\nbass\nclass\nassist\nAssisi\nass's\nill\nwill\nhello\n"
                                  "bet\nglass\ndare\nkill\n";
  }
  static void TearDownTestSuite() {
    std::filesystem::remove(*word_list_);
    delete word_list_;
  }

  static LintReport Lint(const std::string& pack, LintOptions options = {}) {
    if (options.word_list == LintOptions().word_list) options.word_list = *word_list_;
    return LintSources({{"taxonomy.yaml", test::kTestTaxonomy}, {"pack.yaml", pack}}, options);
  }

  // "check:line" of every finding.
  static std::vector<std::string> Checks(const LintReport& report) {
    std::vector<std::string> checks;
    for (const LintFinding& finding : report.findings) {
      checks.push_back(std::string(finding.check()) + ":" +
                       std::to_string(finding.diagnostic.location.line));
    }
    return checks;
  }

  static const LintFinding& Only(const LintReport& report) {
    static const LintFinding kNone;
    EXPECT_EQ(report.findings.size(), 1u) << test::FormatAll(Diagnostics(report));
    return report.findings.empty() ? kNone : report.findings[0];
  }

  static std::vector<Diagnostic> Diagnostics(const LintReport& report) {
    std::vector<Diagnostic> all;
    for (const LintFinding& finding : report.findings) all.push_back(finding.diagnostic);
    return all;
  }

  static std::string* word_list_;
};

std::string* LintTest::word_list_ = nullptr;

// A pack of one term `t` with `patterns` and a rule using it with context,
// examples both ways, so that only pattern checks can speak.
std::string PackWithTerm(const std::string& patterns) {
  return "category: frauds-and-scams\n"
         "terms:\n"
         "  t: " + patterns + "\n"
         "  cue: [right now]\n"
         "rules:\n"
         "  - id: r\n"
         "    when: t and cue\n"
         "    examples: { flag: [x], pass: [y] }\n";
}

TEST_F(LintTest, WithinWordsPatternInsideEverydayWordsIsReported) {
  const LintReport report = Lint(PackWithTerm("[{ text: ass, within_words: true }]"));
  const LintFinding& finding = Only(report);
  EXPECT_EQ(finding.check(), "inside-words");
  EXPECT_EQ(finding.diagnostic.level, DiagnosticLevel::kWarning);
  EXPECT_EQ(finding.diagnostic.location.line, 3u);
  // Shortest first; names (Assisi) and possessives are not everyday words,
  // and the word itself is not "inside".
  EXPECT_THAT(finding.diagnostic.message,
              HasSubstr("matches inside 4 everyday words, such as `bass`, `class`, `glass`"));
  EXPECT_THAT(finding.diagnostic.message,
              HasSubstr("add the innocent words to the term as exceptions (`except: [bass, "
                        "class, glass, ...]`"));
  EXPECT_THAT(finding.diagnostic.message, HasSubstr("or drop `within_words`"));
  EXPECT_TRUE(report.compiled);
}

TEST_F(LintTest, OneSidedPhrasesAreCheckedOnTheirOpenSide) {
  const LintReport starts = Lint(PackWithTerm("[{ text: ass, starts_word: true }]"));
  EXPECT_THAT(Only(starts).diagnostic.message,
              HasSubstr("matches inside 1 everyday word, such as `assist`"));
  EXPECT_THAT(Only(starts).diagnostic.message, HasSubstr("or drop `starts_word`"));
  const LintReport ends = Lint(PackWithTerm("[{ text: ass, ends_word: true }]"));
  EXPECT_THAT(Only(ends).diagnostic.message,
              HasSubstr("matches inside 3 everyday words, such as `bass`, `class`, `glass`"));
}

TEST_F(LintTest, ExceptionsSilenceTheWordsTheyCover) {
  const std::string term =
      "\n    patterns: [{ text: ass, within_words: true }]\n    except: [bass, class";
  const LintReport some = Lint(PackWithTerm(term + "]"));
  EXPECT_THAT(Only(some).diagnostic.message,
              HasSubstr("matches inside 2 everyday words, such as `glass`, `assist`"));
  EXPECT_THAT(Checks(Lint(PackWithTerm(term + ", glass, assist]"))), IsEmpty());
}

TEST_F(LintTest, LiteralsAndUnanchoredRegexesAreCheckedAnchoredOnesAreNot) {
  struct Case {
    std::string patterns;
    bool reported;
  };
  const std::vector<Case> cases = {
      {"[{ literal: ass }]", true},
      {"[{ regex: 'a+ss' }]", true},
      {"[{ regex: '\\bass\\b' }]", false},
      {"[{ regex: '\\bas+' }]", true},       // matches the start of `assist`
      {"[ass]", false},                      // a phrase: whole words only
      {"[{ text: kill you, within_words: true }]", false},  // two words
      {"[{ literal: \"ass@\" }]", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.patterns);
    const LintReport report = Lint(PackWithTerm(c.patterns));
    EXPECT_EQ(!report.findings.empty(), c.reported) << test::FormatAll(Diagnostics(report));
    if (c.reported) {
      EXPECT_EQ(Only(report).check(), "inside-words");
    }
  }
}

// Lint's own Hyperscan compile goes through the guarded compile: a pattern
// that cannot compile there is left out, reported by the compile, and the
// other patterns are still checked.
TEST_F(LintTest, APatternHyperscanRefusesIsLeftOutAndTheRestChecked) {
  const LintReport report =
      Lint(PackWithTerm("[{ regex: 'a.{0,300}b' }, { text: ass, within_words: true }]"));
  EXPECT_THAT(Checks(report), ElementsAre("hyperscan-rejected:3", "regex-repeat:3", "inside-words:3"));
  std::vector<std::string> messages;
  for (const LintFinding& finding : report.findings) messages.push_back(finding.diagnostic.message);
  EXPECT_THAT(messages, Contains(HasSubstr("hyperscan rejected `a.{0,300}b`")));
  EXPECT_THAT(messages, Contains(HasSubstr("pattern `ass` of term `t` matches inside 4 everyday words")));
}

// ... and keeps the compile's limits: with no time at all, neither the rules
// nor lint's patterns compile, so no pattern is run over the word list.
TEST_F(LintTest, ItsOwnCompileKeepsTheCompileLimits) {
  LintOptions options;
  options.compile.limits.compile_seconds = 0;
  const LintReport report = Lint(PackWithTerm("[{ text: ass, within_words: true }]"), options);
  EXPECT_FALSE(report.compiled);
  EXPECT_THAT(Checks(report), Not(Contains("inside-words:3")));
  EXPECT_THAT(Checks(Lint(PackWithTerm("[{ text: ass, within_words: true }]"))),
              Contains("inside-words:3"));
}

TEST_F(LintTest, ShortEverydayWordThatFiresARuleAloneIsReported) {
  const std::string pack = R"(category: frauds-and-scams
terms:
  threat: [ill, kys, i will hurt you]
  gaming: [gg]
rules:
  - id: r.threat
    when: threat and not gaming
    examples: { flag: [x], pass: [y] }
)";
  const LintReport report = Lint(pack);
  const LintFinding& finding = Only(report);
  EXPECT_EQ(finding.check(), "short-term");
  EXPECT_EQ(finding.diagnostic.location.line, 3u);
  EXPECT_EQ(finding.diagnostic.location.column, 12u);  // `ill`; `kys` is no everyday word
  EXPECT_THAT(finding.diagnostic.message,
              HasSubstr("`ill` of term `threat` is an everyday word of 3 characters, and rule "
                        "`r.threat` matches on it alone"));
  ASSERT_EQ(finding.notes.size(), 1u);
  EXPECT_EQ(finding.notes[0].location.line, 6u);
}

TEST_F(LintTest, ShortEverydayWordWithContextIsNotReported) {
  for (const std::string when : {"threat and cue", "near(threat, cue, 3)", "count(threat) >= 2 and cue",
                                 "2 of (threat, cue)"}) {
    SCOPED_TRACE(when);
    const std::string pack = "category: frauds-and-scams\nterms:\n  threat: [ill]\n"
                             "  cue: [tomorrow]\nrules:\n  - id: r\n    when: " + when + "\n"
                             "    examples: { flag: [x], pass: [y] }\n";
    EXPECT_THAT(Checks(Lint(pack)), IsEmpty());
  }
}

TEST_F(LintTest, RulesWithoutExamplesAreReportedDisabledOnesAreNot) {
  const std::string pack = R"(category: frauds-and-scams
terms:
  scam: [wire transfer]
  cue: [right now]
rules:
  - id: r.none
    when: scam and cue
  - id: r.no_pass
    when: scam and cue
    examples: { flag: [x] }
  - id: r.no_flag
    when: scam and cue
    examples: { pass: [x] }
  - id: r.off
    when: scam and cue
    status: disabled
)";
  const LintReport report = Lint(pack);
  EXPECT_THAT(Checks(report), ElementsAre("no-examples:6", "no-examples:8", "no-examples:11"));
  EXPECT_THAT(report.findings[0].diagnostic.message, HasSubstr("`r.none` has no examples"));
  EXPECT_THAT(report.findings[1].diagnostic.message, HasSubstr("no `pass` example"));
  EXPECT_THAT(report.findings[2].diagnostic.message, HasSubstr("no `flag` example"));
}

TEST_F(LintTest, StableRulesWithoutExamplesAreErrorsEvenDisabled) {
  const std::string pack = R"(category: frauds-and-scams
terms:
  scam: [wire transfer]
  cue: [right now]
rules:
  - id: r.stable
    maturity: stable
    when: scam and cue
    examples: { flag: [x] }
  - id: r.stable_off
    maturity: stable
    status: disabled
    when: scam and cue
  - id: r.proven
    maturity: stable
    when: scam and cue
    examples: { flag: [x], pass: [y] }
  - id: r.trial
    maturity: experimental
    when: scam and cue
)";
  const LintReport report = Lint(pack);
  EXPECT_THAT(Checks(report), ElementsAre("stable-no-examples:6", "stable-no-examples:10",
                                          "no-examples:18"));
  EXPECT_EQ(report.findings[0].diagnostic.level, DiagnosticLevel::kError);
  EXPECT_THAT(report.findings[0].diagnostic.message,
              HasSubstr("`r.stable` is `stable` but has no `pass` example"));
  EXPECT_THAT(report.findings[1].diagnostic.message, HasSubstr("has no examples"));
  EXPECT_EQ(report.findings[2].diagnostic.level, DiagnosticLevel::kWarning);
  EXPECT_TRUE(HasFindingsAtLeast(report.findings, DiagnosticLevel::kError));
}

// A pack whose rule `r` has condition `when` (and `unless`, if any).
std::string PackWithRule(const std::string& when, const std::string& unless = "") {
  return "category: frauds-and-scams\nterms:\n  a: [alpha]\n  b: [beta]\n  c: [gamma]\n"
         "rules:\n  - id: r\n    when: " + when + "\n" +
         (unless.empty() ? "" : "    unless: " + unless + "\n") +
         "    examples: { flag: [x], pass: [y] }\n";
}

TEST_F(LintTest, ConditionsThatCanNeverHoldAreReported) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a and not a and b and c", ""},
      {"count(a) >= 3 and count(a) < 2 and b and c", ""},
      {"all of (a, b) and not b and c", ""},
      {"near(a, b, 3) and not b and c", ""},
      {"a in (title) and not a and b and c", ""},
      {"a and b and c", "b"},
      {"a and meta.age < 18 and b and c", "meta.age < 18"},
  };
  for (const auto& [when, unless] : cases) {
    SCOPED_TRACE(when);
    const LintReport report = Lint(PackWithRule(when, unless));
    const LintFinding& finding = Only(report);
    EXPECT_EQ(finding.check(), "never-matches");
    EXPECT_EQ(finding.diagnostic.location.line, 7u);
  }
}

TEST_F(LintTest, ConditionsThatHoldWithoutMatchesAreReported) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a or not a or b or c", "always-matches"},
      {"(a and b and c) or not a", "matches-nothing"},
      {"count(a) < 2 and count(b) < 1 and count(c) <= 4", "matches-nothing"},
      {"meta.surface == \"live\" and not (a and b and c)", "matches-nothing"},  // metadata alone
      {"meta.age < 18 or (a and b and c)", "matches-nothing"},
  };
  for (const auto& [when, check] : cases) {
    SCOPED_TRACE(when);
    EXPECT_EQ(Only(Lint(PackWithRule(when))).check(), check);
  }
}

TEST_F(LintTest, SatisfiableConditionsAreNotReported) {
  for (const std::string when : {"a and not b and c", "count(a) >= 2 and count(a) <= 2 and b and c",
                                 "near(a, b, 2) and not near(a, b, 5) and c",
                                 "2 of (a, b, c) and not all of (a, b, c)",
                                 "a in (title) and not a in (text) and b and c",
                                 "a and b and c and meta.age < 18 and not meta.l in (\"es\")"}) {
    SCOPED_TRACE(when);
    EXPECT_THAT(Checks(Lint(PackWithRule(when))), IsEmpty());
  }
}

TEST_F(LintTest, RuleMadePointlessByAStricterRuleIsReported) {
  const std::string pack = R"(category: frauds-and-scams
terms:
  scam: [wire transfer]
  cue: [right now]
  urgent: [urgent]
rules:
  - id: r.remove
    when: scam and cue
    action: remove
    examples: { flag: [x], pass: [y] }
  - id: r.review
    when: scam and cue and urgent
    action: review
    examples: { flag: [x], pass: [y] }
  - id: r.label
    when: scam and urgent
    action: label
    examples: { flag: [x], pass: [y] }
  - id: r.shadow
    when: scam and cue and urgent
    action: label
    status: shadow
    examples: { flag: [x], pass: [y] }
)";
  const LintReport report = Lint(pack);
  // r.label also matches without `cue`; a shadow rule never decides anything.
  ASSERT_THAT(Checks(report), ElementsAre("unreachable:11"));
  EXPECT_THAT(report.findings[0].diagnostic.message,
              HasSubstr("`r.review` (review) never changes a decision: whenever it matches, the "
                        "stricter rule `r.remove` (remove) matches too"));
  ASSERT_EQ(report.findings[0].notes.size(), 1u);
  EXPECT_EQ(report.findings[0].notes[0].location.line, 7u);
}

TEST_F(LintTest, LargeRegexRepeatsAreReported) {
  const LintReport report = Lint(PackWithTerm(
      R"([{ regex: '\bcode\s*[0-9{]{1,200}\b' }, { regex: '\bpin\d{4,}' }, { regex: 'x\{99}y' }])"));
  const LintFinding& finding = Only(report);
  EXPECT_EQ(finding.check(), "regex-repeat");
  EXPECT_THAT(finding.diagnostic.message, HasSubstr("repeats up to 200 times (`{1,200}`)"));
}

TEST_F(LintTest, UnusedTermsAndCompileErrorsAreFindings) {
  const std::string pack = PackWithRule("a and b and c") + "  - id: broken\n    when: a and nope\n";
  const LintReport report = Lint(pack);
  EXPECT_FALSE(report.compiled);
  EXPECT_THAT(Checks(report), Contains("unknown-term:11"));
  EXPECT_THAT(Checks(report), Contains("no-examples:10"));  // checks of what was written still run
  const LintReport unused = Lint(PackWithRule("a and b"));
  EXPECT_THAT(Checks(unused), ElementsAre("unused-term:5"));
  const LintReport empty = Lint(PackWithTerm("[{ regex: 'x*' }]"));
  EXPECT_THAT(Checks(empty), ElementsAre("regex-empty:3"));
  EXPECT_EQ(empty.findings[0].diagnostic.level, DiagnosticLevel::kError);
}

TEST_F(LintTest, LintIgnoreCommentSilencesNamedChecksOnly) {
  const std::string pack = R"(category: frauds-and-scams
terms:
  # lint-ignore: inside-words, regex-repeat (hashtags glue words together)
  t: [{ text: ass, within_words: true }]
  cue: [right now]
rules:
  - id: r   # lint-ignore: unreachable
    when: t and cue
)";
  const LintReport report = Lint(pack);
  EXPECT_EQ(report.suppressed, 1u);
  EXPECT_THAT(Checks(report), ElementsAre("no-examples:7"));
}

// A compiler warning is silenced by its code, or by `compile` as before
// codes; a lint check is not silenced by `compile`.
TEST_F(LintTest, LintIgnoreCompileSilencesCompilerWarningsOnly) {
  const std::string pack = R"(category: frauds-and-scams
terms:
  a: [alpha]  # lint-ignore: compile
  x: [xray]
  b: [beta]   # lint-ignore: inside-words
  y: [yankee]
  c: [gamma]  # lint-ignore: unused-term
  z: [zulu]
  t: [{ text: ass, within_words: true }]  # lint-ignore: compile
rules:
  - id: r
    when: t and x and y and z
    examples: { flag: [x], pass: [y] }
)";
  const LintReport report = Lint(pack);
  EXPECT_EQ(report.suppressed, 2u);
  EXPECT_THAT(Checks(report), ElementsAre("unused-term:5", "inside-words:9"));
}

TEST_F(LintTest, MissingWordListIsAWarningAndSkipsWordChecks) {
  LintOptions options;
  options.word_list = "/nonexistent/words";
  const LintReport report = Lint(PackWithTerm("[{ text: ass, within_words: true }]"), options);
  const LintFinding& finding = Only(report);
  EXPECT_EQ(finding.check(), "word-list");
  EXPECT_THAT(finding.diagnostic.message, HasSubstr("wamerican"));
}

TEST_F(LintTest, SeverityThresholdCountsMoreSevereLevels) {
  std::vector<LintFinding> findings(1);
  findings[0].diagnostic.level = DiagnosticLevel::kWarning;
  EXPECT_TRUE(HasFindingsAtLeast(findings, DiagnosticLevel::kNote));
  EXPECT_TRUE(HasFindingsAtLeast(findings, DiagnosticLevel::kWarning));
  EXPECT_FALSE(HasFindingsAtLeast(findings, DiagnosticLevel::kError));
  const LintCounts counts = CountFindings(findings);
  EXPECT_EQ(counts.warnings, 1u);
  EXPECT_EQ(counts.errors + counts.notes, 0u);
}

// The bundled packs lint clean with the real word list: every finding was
// fixed or justified with a `# lint-ignore:` comment in the pack.
TEST(LintBundledRules, HaveNoFindings) {
  if (!std::filesystem::exists(LintOptions().word_list)) {
    GTEST_SKIP() << "wamerican is not installed (scripts/setup.sh installs it)";
  }
  LintOptions options;
  // The whole-compile limit is wall time: tests never depend on the machine's speed.
  options.compile.limits.compile_seconds = std::numeric_limits<double>::infinity();
  const LintReport report = LintDirectory(std::string(BYLAW_SOURCE_DIR) + "/rules", options);
  EXPECT_TRUE(report.compiled);
  std::string text;
  for (const LintFinding& finding : report.findings) {
    text += "[" + std::string(finding.check()) + "] " + FormatDiagnostic(finding.diagnostic);
  }
  EXPECT_EQ(text, "");
}

}  // namespace
}  // namespace bylaw
