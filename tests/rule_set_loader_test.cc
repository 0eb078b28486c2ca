// Tests for engine/lang/rule_set_loader.cc: every shape mistake in a pack is
// reported at its place, and loading goes on past it.
#include <gtest/gtest.h>

#include "test_rules.h"

namespace bylaw {
namespace {

struct LoaderCase {
  const char* name;
  const char* pack;
  const char* message;  // expected part of one diagnostic
  std::uint32_t line;
  std::uint32_t column;
  DiagnosticLevel level;
};

class LoaderTest : public ::testing::TestWithParam<LoaderCase> {};

TEST_P(LoaderTest, ReportsAtThePlace) {
  const LoaderCase& c = GetParam();
  const CompileResult result = test::CompilePacks({c.pack});
  const std::string all = test::FormatAll(result.diagnostics);
  auto it = std::find_if(result.diagnostics.begin(), result.diagnostics.end(),
                         [&](const Diagnostic& d) { return d.message.find(c.message) != std::string::npos; });
  ASSERT_NE(it, result.diagnostics.end()) << "expected `" << c.message << "` in:\n" << all;
  EXPECT_EQ(it->location.file, "pack1.yaml");
  EXPECT_EQ(it->location.line, c.line) << all;
  EXPECT_EQ(it->location.column, c.column) << all;
  EXPECT_EQ(it->level, c.level) << all;
  EXPECT_EQ(result.ok(), c.level != DiagnosticLevel::kError) << all;
}

constexpr auto kError = DiagnosticLevel::kError;
constexpr auto kWarning = DiagnosticLevel::kWarning;

INSTANTIATE_TEST_SUITE_P(
    Shapes, LoaderTest,
    ::testing::Values(
        LoaderCase{"RuleKeyTypo", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: r\n    wehn: a\n",
                   "unknown key `wehn` in a rule (did you mean `when`?)", 5, 5, kError},
        LoaderCase{"RuleWithoutWhen", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: r\n",
                   "rule `r` has no `when` condition", 4, 5, kError},
        LoaderCase{"RuleWithoutId", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - when: a\n",
                   "rule has no `id`", 4, 5, kError},
        LoaderCase{"PackWithoutCategory", "terms: {a: [a]}\nrules: [{id: r, when: a}]\n",
                   "pack has no `category`", 1, 1, kError},
        LoaderCase{"DuplicateKey", "category: frauds-and-scams\ncategory: frauds-and-scams\nterms: {a: [a]}\nrules: [{id: r, when: a}]\n",
                   "duplicate key `category`", 2, 1, kError},
        LoaderCase{"TwoPatternKinds", "category: frauds-and-scams\nterms:\n  a:\n    - { text: a, regex: b }\nrules: [{id: r, when: a}]\n",
                   "exactly one of `text`, `regex` or `literal`", 4, 7, kError},
        LoaderCase{"PatternKeyTypo", "category: frauds-and-scams\nterms:\n  a:\n    - { text: a, within_word: true }\nrules: [{id: r, when: a}]\n",
                   "unknown key `within_word` in a pattern (did you mean `within_words`?)", 4, 18, kError},
        LoaderCase{"BadBoolean", "category: frauds-and-scams\nterms:\n  a:\n    - { text: a, within_words: maybe }\nrules: [{id: r, when: a}]\n",
                   "expected `within_words` to be true or false", 4, 32, kError},
        LoaderCase{"FuzzyTooFar", "category: frauds-and-scams\nterms:\n  a:\n    - { text: abc, fuzzy: 3 }\nrules: [{id: r, when: a}]\n",
                   "`fuzzy` is an edit distance of at most 2", 4, 27, kError},
        LoaderCase{"FuzzyOnARegex", "category: frauds-and-scams\nterms:\n  a:\n    - { regex: 'abc', fuzzy: 1 }\nrules: [{id: r, when: a}]\n",
                   "`fuzzy` applies to plain phrases only", 4, 16, kWarning},
        LoaderCase{"UnknownEvasion", "category: frauds-and-scams\nterms:\n  a:\n    - { text: abc, evasion: high }\nrules: [{id: r, when: a}]\n",
                   "unknown evasion level `high` (expected `off`, `standard` or `aggressive`)", 4, 29, kError},
        LoaderCase{"TermsAsList", "category: frauds-and-scams\nterms: [a]\nrules: [{id: r, when: a}]\n",
                   "expected `terms` to be a map", 2, 8, kError},
        LoaderCase{"RulesAsMap", "category: frauds-and-scams\nterms: {a: [a]}\nrules: {id: r}\n",
                   "expected `rules` to be a list", 3, 8, kError},
        LoaderCase{"EmptyTerm", "category: frauds-and-scams\nterms:\n  a: []\nrules: [{id: r, when: a}]\n",
                   "term `a` has no patterns", 3, 3, kError},
        LoaderCase{"KeywordAsTerm", "category: frauds-and-scams\nterms:\n  near: [a]\n  b: [b]\nrules: [{id: r, when: b}]\n",
                   "`near` is a keyword and cannot name a term", 3, 3, kError},
        LoaderCase{"ExampleOfWrongShape", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: r\n    when: a\n    examples: { flag: [[a]] }\n",
                   "expected an example to be a string or a map", 6, 24, kError},
        LoaderCase{"EscapedConditionPointsAtTheScalar",
                   "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: r\n    when: \"a and \\x62\"\n",
                   "unknown term `b`", 5, 11, kError},
        LoaderCase{"UnclosedListAtEndOfFile", "category: frauds-and-scams\nterms:\n  gift: [gift card\n\n",
                   "this `[` list is not closed with `]`", 3, 9, kError},
        LoaderCase{"StartsWordWithinWords", "category: frauds-and-scams\nterms:\n  a:\n    - { text: ass, within_words: true, starts_word: true }\nrules: [{id: r, when: a}]\n",
                   "`starts_word` and `within_words` contradict each other", 4, 53, kError},
        LoaderCase{"StartsAndEndsWord", "category: frauds-and-scams\nterms:\n  a:\n    - { text: ass, starts_word: true, ends_word: true }\nrules: [{id: r, when: a}]\n",
                   "`starts_word` and `ends_word` together make a whole word", 4, 50, kError},
        LoaderCase{"EndsWordOnARegex", "category: frauds-and-scams\nterms:\n  a:\n    - { regex: 'ass', ends_word: true }\nrules: [{id: r, when: a}]\n",
                   "`ends_word` applies to phrases (`text:`) only", 4, 34, kError},
        LoaderCase{"ExceptAsMap", "category: frauds-and-scams\nterms:\n  a:\n    patterns: [cock]\n    except: { cockpit: 1 }\nrules: [{id: r, when: a}]\n",
                   "expected `except` to be a list of phrases", 5, 13, kError},
        LoaderCase{"TermKeyTypo", "category: frauds-and-scams\nterms:\n  a:\n    patterns: [cock]\n    excep: [cockpit]\nrules: [{id: r, when: a}]\n",
                   "unknown key `excep` in a term (did you mean `except`?)", 5, 5, kError},
        LoaderCase{"ExceptWithoutPatterns", "category: frauds-and-scams\nterms:\n  a:\n    except: [cockpit]\nrules: [{id: r, when: a}]\n",
                   "term `a` has no patterns", 3, 3, kError},
        LoaderCase{"UnknownMaturity", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: r\n    when: a\n    maturity: stabel\n",
                   "unknown maturity `stabel` (did you mean `stable`?); expected one of `experimental`, `test`, `stable`", 6, 15, kError},
        LoaderCase{"CreatedNotADate", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: r\n    when: a\n    created: 03/01/2024\n",
                   "expected `created` to be a date written YYYY-MM-DD, such as `2024-03-01`, not `03/01/2024`", 6, 14, kError},
        LoaderCase{"CreatedNotInTheCalendar", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: r\n    when: a\n    created: 2023-02-29\n",
                   "`2023-02-29` is not a date: 2023-02 has 28 days", 6, 14, kError},
        LoaderCase{"CreatedInMonthThirteen", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: r\n    when: a\n    created: '2024-13-01'\n",
                   "`2024-13-01` is not a date: there is no month 13", 6, 14, kError},
        LoaderCase{"ReferenceWithoutScheme", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: r\n    when: a\n    references:\n      - https://example.org/a\n      - example.org/b\n",
                   "reference `example.org/b` is not a web address: expected `http://` or `https://` first", 8, 9, kError},
        LoaderCase{"ReferenceWithASpace", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: r\n    when: a\n    references: ['https://example.org/a b']\n",
                   "reference `https://example.org/a b` holds a space", 6, 18, kError},
        LoaderCase{"ReferenceWithoutHost", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: r\n    when: a\n    references: [\"https:///guidelines\"]\n",
                   "reference `https:///guidelines` names no host", 6, 18, kError},
        LoaderCase{"ReferencesAsMap", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: r\n    when: a\n    references: { url: \"https://example.org\" }\n",
                   "expected `references` to be a list of web addresses, found a map", 6, 17, kError},
        LoaderCase{"FalsePositivesAsMap", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: r\n    when: a\n    false_positives: { a: b }\n",
                   "expected `false_positives` to be a text or a list of texts, found a map", 6, 22, kError},
        LoaderCase{"ProvenanceKeyTypo", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: r\n    when: a\n    referenecs: [\"https://example.org\"]\n",
                   "unknown key `referenecs` in a rule (did you mean `references`?)", 6, 5, kError},
        LoaderCase{"BadRuleId", "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: 'r r'\n    when: a\n",
                   "rule id `r r` may hold only", 4, 9, kError}),
    [](const ::testing::TestParamInfo<LoaderCase>& info) { return info.param.name; });

TEST(Loader, AcceptsExamplesWithSeveralFields) {
  const std::string pack = R"(category: frauds-and-scams
terms:
  gift: [{ text: gift card, fields: [title] }]
rules:
  - id: r
    when: gift
    examples:
      flag: [{ title: "Gift card giveaway", text: "dm me" }]
      pass: [{ title: "hello", text: "gift card" }]
)";
  const CompileResult result = test::CompilePacks({pack});
  ASSERT_TRUE(result.ok()) << test::FormatAll(result.diagnostics);
  const ExampleReport report = RunExamples(result.program);
  EXPECT_EQ(report.passed, 2u) << test::FormatAll(report.failures);
  EXPECT_EQ(report.failed, 0u);
}

// Provenance reaches the compiled rule as written; a rule without it has
// none. No scan reads it.
TEST(Loader, CarriesProvenanceIntoTheCompiledRule) {
  const std::string pack = R"(category: frauds-and-scams
terms: {a: [alpha]}
rules:
  - id: r.full
    when: a
    author: Trust & Safety, fraud desk
    created: 2024-02-29
    references: ["https://example.org/scams", "HTTP://Example.org/a?b=c#d"]
    maturity: stable
    false_positives: ["quotes of scam texts in warnings"]
    examples: { flag: [alpha], pass: [beta] }
  - id: r.prose
    when: a
    maturity: experimental
    false_positives: shop adverts that say "alpha deal"
  - id: r.none
    when: a
)";
  const CompileResult result = test::CompilePacks({pack});
  ASSERT_TRUE(result.ok()) << test::FormatAll(result.diagnostics);
  const RuleProvenance& full = result.program->rules()[0].provenance;
  EXPECT_EQ(full.author, "Trust & Safety, fraud desk");
  EXPECT_EQ(full.created, "2024-02-29");
  EXPECT_EQ(full.references,
            (std::vector<std::string>{"https://example.org/scams", "HTTP://Example.org/a?b=c#d"}));
  EXPECT_EQ(full.maturity, Maturity::kStable);
  EXPECT_EQ(full.false_positives, std::vector<std::string>{"quotes of scam texts in warnings"});
  const RuleProvenance& prose = result.program->rules()[1].provenance;
  EXPECT_EQ(prose.maturity, Maturity::kExperimental);
  EXPECT_EQ(prose.false_positives,
            std::vector<std::string>{"shop adverts that say \"alpha deal\""});
  EXPECT_TRUE(result.program->rules()[2].provenance.empty());
}

TEST(Loader, WarnsAboutAnEmptyPackFile) {
  const CompileResult result = test::CompilePacks({"# nothing yet\n"});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].message, "empty pack file");
}

TEST(Loader, ReportsATaxonomyWithoutCategories) {
  const CompileResult result = CompileSources({{"taxonomy.yaml", "resources: []\n"}});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(test::FormatAll(result.diagnostics).find("the taxonomy has no `categories`"),
            std::string::npos);
}

// yaml-cpp shares an aliased node, but the loader copies it at each use:
// 2,000 aliases of one 10 KB scalar would be 20 MB of patterns (a 900 KB
// pack of this shape used 5.3 GB). The file is refused, as one error.
TEST(Loader, RefusesAPackWhoseAliasesExpandFarBeyondItsSize) {
  std::string pack = "category: frauds-and-scams\nterms:\n  big: [&big '" + std::string(10000, 'a') +
                     "'";
  for (int i = 0; i < 2000; ++i) pack += ", *big";
  pack += "]\nrules: [{ id: r, when: big }]\n";
  const CompileResult result = test::CompilePacks({pack});
  EXPECT_FALSE(result.ok());
  ASSERT_EQ(result.diagnostics.size(), 1u) << test::FormatAll(result.diagnostics);
  EXPECT_NE(result.diagnostics[0].message.find("aliases expand this file past"), std::string::npos)
      << result.diagnostics[0].message;
}

// A few aliases, the way authors share a list, are fine.
TEST(Loader, AcceptsAliasesThatStayWithinTheBudget) {
  const CompileResult result = test::CompilePacks({R"(category: frauds-and-scams
terms:
  gift: &cards [gift card, prepaid card]
  card: *cards
rules:
  - { id: r, when: gift and card }
)"});
  EXPECT_TRUE(result.ok()) << test::FormatAll(result.diagnostics);
}

}  // namespace
}  // namespace bylaw
