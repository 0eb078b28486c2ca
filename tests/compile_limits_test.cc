// The limits of CompileLimits (engine/include/bylaw/compiler.h), enforced by
// engine/compile/pattern_set.cc and guarded_compile.cc: each exceeded limit
// is a diagnostic at the pattern's YAML line, and with keep_going the rules
// that depend on a pattern that cannot compile are dropped, the rest kept.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "bylaw/compiler.h"
#include "bylaw/scanner.h"
#include "test_rules.h"

namespace bylaw {
namespace {

using ::testing::HasSubstr;

// Line 4 holds a regex whose Hyperscan compile takes 12 s and 160 MB.
constexpr const char* kPackWithPathologicalRegex = R"(category: frauds-and-scams
terms:
  ok: [gift card]
  wide: [{ regex: 'a.{0,3000}b.{0,3000}c.{0,3000}d' }, wire transfer]
rules:
  - { id: gift, when: ok, action: remove }
  - { id: wide, when: wide, action: review }
  - { id: wide.again, when: 'rule(wide) or ok', action: label }
)";

// Memory, not time, stops the regex: nothing here depends on how fast the
// machine is.
CompileOptions Tight(bool keep_going) {
  CompileOptions options;
  options.keep_going = keep_going;
  options.limits.hyperscan_seconds = std::numeric_limits<double>::infinity();
  options.limits.hyperscan_memory_bytes = std::size_t{48} << 20;
  return options;
}

TEST(CompileLimits, PathologicalRegexFailsTheCompileAtItsLine) {
  const CompileResult result = test::CompilePacks({kPackWithPathologicalRegex}, Tight(false));
  EXPECT_FALSE(result.ok());
  const std::string diagnostics = test::FormatAll(result.diagnostics);
  EXPECT_THAT(diagnostics, HasSubstr("pack1.yaml:4:19: error[hyperscan-rejected]: hyperscan cannot compile "
                                     "`a.{0,3000}b.{0,3000}c.{0,3000}d`: "));
  EXPECT_THAT(diagnostics, HasSubstr("the memory limit of 48 MiB\n"
                                     "   4 |   wide: [{ regex: 'a.{0,3000}b.{0,3000}c.{0,3000}d' }, wire transfer]\n"
                                     "     |                   ^\n"));
}

// The whole compile's time: past it, every database still to compile is
// one error, and there is no program.
TEST(CompileLimits, CompilePastItsTotalTimeFailsWithOneErrorPerDatabase) {
  CompileOptions options;
  options.limits.compile_seconds = 0;
  const CompileResult result = test::CompilePacks({kPackWithPathologicalRegex}, options);
  EXPECT_FALSE(result.ok());
  ASSERT_FALSE(result.diagnostics.empty());
  for (const Diagnostic& diagnostic : result.diagnostics) {
    EXPECT_THAT(diagnostic.message, HasSubstr("the compile ran past its time limit of 0 s in all "
                                              "before these "));
  }
}

TEST(CompileLimits, KeepGoingDropsTheRulesThatDependOnAFailedPattern) {
  const CompileResult result = test::CompilePacks({kPackWithPathologicalRegex}, Tight(true));
  ASSERT_TRUE(result.ok()) << test::FormatAll(result.diagnostics);
  const std::string diagnostics = test::FormatAll(result.diagnostics);
  EXPECT_THAT(diagnostics, HasSubstr("pack1.yaml:4:19: warning[hyperscan-rejected]: hyperscan cannot compile"));
  EXPECT_THAT(diagnostics, HasSubstr("left out, with the rules that depend on it (keep going)"));
  EXPECT_THAT(diagnostics, HasSubstr("pack1.yaml:7:11: warning[rule-dropped]: rule `wide` is dropped: term "
                                     "`wide` lost a pattern that could not be compiled"));
  EXPECT_THAT(diagnostics, HasSubstr("pack1.yaml:8:11: warning[rule-dropped]: rule `wide.again` is dropped"));
  const Program& program = *result.program;
  EXPECT_EQ(program.rules()[program.FindRule("gift")].status, RuleStatus::kLive);
  EXPECT_EQ(program.rules()[program.FindRule("wide")].status, RuleStatus::kDisabled);
  EXPECT_EQ(program.rules()[program.FindRule("wide.again")].status, RuleStatus::kDisabled);

  Scanner scanner(result.program);
  EXPECT_EQ(test::LiveRules(scanner.Scan(test::TextDocument("pay by gift card or wire transfer"))),
            std::vector<std::string>{"gift"});
  // Not the rules' own program: its hash says so, in verdicts and caches.
  EXPECT_TRUE(program.hash().starts_with("sha256:")) << program.hash();
  EXPECT_TRUE(program.hash().ends_with(kPartialHashSuffix)) << program.hash();
}

// The regexes are compiled alone, with their starts, many to a process: the
// group of one that cannot be compiled so is compiled again regex by regex,
// and only that one is lost; the others keep their starts.
TEST(CompileLimits, ARegexThatFailsAloneCostsNoOtherRegexItsStarts) {
  const CompileResult result = test::CompilePacks({R"(category: frauds-and-scams
terms:
  code: [{ regex: 'q[0-9]' }]
  wide: [{ regex: 'a.{0,3000}b.{0,3000}c.{0,3000}d' }]
  time: [{ regex: '\b\d\d?:\d\d\b' }]
rules:
  - { id: code, when: code }
  - { id: wide, when: wide }
  - { id: time, when: time }
)"}, Tight(true));
  ASSERT_TRUE(result.ok()) << test::FormatAll(result.diagnostics);
  EXPECT_THAT(test::FormatAll(result.diagnostics),
              HasSubstr("pack1.yaml:4:19: warning[hyperscan-rejected]: hyperscan cannot compile"));
  const Program& program = *result.program;
  EXPECT_EQ(program.rules()[program.FindRule("wide")].status, RuleStatus::kDisabled);
  Scanner scanner(result.program);
  const Verdict& verdict = scanner.Scan(test::TextDocument("at 10:45 send q5"));
  ASSERT_EQ(test::LiveRules(verdict), (std::vector<std::string>{"code", "time"}));
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
  for (const MatchSpan& span : verdict.spans) spans.emplace_back(span.begin, span.end);
  std::sort(spans.begin(), spans.end());
  EXPECT_EQ(spans, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{3, 8}, {14, 16}}));
}

TEST(CompileLimits, PatternLongerThanTheLimitIsAnErrorAtItsLine) {
  CompileOptions options;
  options.limits.max_pattern_bytes = 8;
  const CompileResult result = test::CompilePacks({R"(category: frauds-and-scams
terms:
  short: [gift card]
  long: [gift card codes]
rules:
  - { id: r, when: short or long }
)"},
                                                     options);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(test::FormatAll(result.diagnostics),
            "pack1.yaml:3:11: error[compile-limit]: pattern is 9 bytes long, over the limit of 8\n"
            "   3 |   short: [gift card]\n"
            "     |           ^\n"
            "pack1.yaml:4:10: error[compile-limit]: pattern is 15 bytes long, over the limit of 8\n"
            "   4 |   long: [gift card codes]\n"
            "     |          ^\n");
}

TEST(CompileLimits, TooManyPatternsIsOneErrorAtTheFirstOneOverTheLimit) {
  CompileOptions options;
  options.limits.max_patterns = 2;
  const CompileResult result = test::CompilePacks({R"(category: frauds-and-scams
terms:
  t: [one, two, three, four]
rules:
  - { id: r, when: t }
)"},
                                                     options);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(test::FormatAll(result.diagnostics),
            "pack1.yaml:3:17: error[compile-limit]: more than 2 patterns in all packs, the limit of this compile\n"
            "   3 |   t: [one, two, three, four]\n"
            "     |                 ^\n");
}

// vectorscan 5.4.9 aborts the process on every scan of more than 255 bytes
// with `\bz{3,}\b` (the reverse acceleration of its start of match), whatever
// the text holds. The compile tries each database on a long text first:
// with such a release the regex is an error at its line and every other
// term is kept; with a release without the bug it compiles, and a long text
// scans and finds it. Either way no program that aborts a scan comes out.
TEST(CompileLimits, ARegexThatAbortsALongScanNeverReachesTheScanner) {
  CompileOptions options;
  options.keep_going = true;
  const CompileResult result = test::CompilePacks({R"(category: frauds-and-scams
terms:
  ok: [gift card]
  zs: [{ regex: '\bz{3,}\b' }]
rules:
  - { id: gift, when: ok }
  - { id: zs, when: zs }
)"},
                                                     options);
  ASSERT_NE(result.program, nullptr) << test::FormatAll(result.diagnostics);
  const std::string diagnostics = test::FormatAll(result.diagnostics);
  const std::string text = std::string(300, 'x') + " a gift card, zzzz";
  const Verdict verdict = Scanner(result.program).Scan(test::TextDocument(text));
  if (diagnostics.empty()) {
    EXPECT_EQ(test::LiveRules(verdict), (std::vector<std::string>{"gift", "zs"}));
  } else {
    EXPECT_THAT(diagnostics, HasSubstr("pack1.yaml:4:17: warning[hyperscan-rejected]: hyperscan "
                                       "cannot compile `\\bz{3,}\\b`: the installed Hyperscan ("));
    EXPECT_THAT(diagnostics, HasSubstr("aborts the process when it scans a text of more than 255 bytes"));
    EXPECT_EQ(test::LiveRules(verdict), std::vector<std::string>{"gift"});
  }
}

}  // namespace
}  // namespace bylaw
