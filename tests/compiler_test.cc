// Tests for engine/compile/: every class of rule-author mistake is reported,
// located, in one run; good rule sets compile into programs with the
// documented shape.
#include "bylaw/compiler.h"
#include "bylaw/scanner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "golden.h"
#include "program_data.h"
#include "test_rules.h"

namespace bylaw {
namespace {

using test::CompilePacks;
using test::FormatAll;

std::vector<SourceFile> ErrorTree() {
  std::vector<SourceFile> sources;
  for (const char* name : {"taxonomy.yaml", "dangerous.yaml", "other.yaml", "broken-yaml.yaml"}) {
    sources.push_back({std::string("errors/") + name,
                       test::ReadTestData(std::string("diagnostics/errors/") + name)});
  }
  return sources;
}

TEST(Compiler, ReportsEveryMistakeOfATreeInOneRun) {
  const CompileResult result = CompileSources(ErrorTree());
  EXPECT_FALSE(result.ok());
  test::ExpectGolden("diagnostics/errors.txt", FormatAll(result.diagnostics));
}

// The mistakes an author new to YAML makes, each reported once, at its own
// line, with what to write instead: an unquoted hashtag (a comment), a tab,
// a bad indent, near() without its distance.
TEST(Compiler, SaysWhatToWriteForCommonYamlAndConditionMistakes) {
  std::vector<SourceFile> sources;
  for (const char* name : {"taxonomy.yaml", "hashtag.yaml", "tabs.yaml", "indent.yaml", "near.yaml"}) {
    sources.push_back({std::string("authoring/") + name,
                       test::ReadTestData(std::string("diagnostics/authoring/") + name)});
  }
  const CompileResult result = CompileSources(sources);
  EXPECT_FALSE(result.ok());
  test::ExpectGolden("diagnostics/authoring.txt", FormatAll(result.diagnostics));
}

// The column points into the condition for plain and quoted scalars.
struct LocatedCase {
  const char* message_part;
  std::uint32_t line;
  std::uint32_t column;
};

class CompilerLocationTest : public ::testing::TestWithParam<LocatedCase> {};

TEST_P(CompilerLocationTest, PointsAtTheOffendingText) {
  const CompileResult result = CompileSources(ErrorTree());
  const LocatedCase& c = GetParam();
  auto it = std::find_if(result.diagnostics.begin(), result.diagnostics.end(),
                         [&](const Diagnostic& d) { return d.message.find(c.message_part) != std::string::npos; });
  ASSERT_NE(it, result.diagnostics.end()) << "no diagnostic mentions " << c.message_part << "\n"
                                          << FormatAll(result.diagnostics);
  EXPECT_EQ(it->location.line, c.line) << it->message;
  EXPECT_EQ(it->location.column, c.column) << it->message;
}

INSTANTIATE_TEST_SUITE_P(
    Errors, CompilerLocationTest,
    ::testing::Values(
        LocatedCase{"unknown term `promte` (did you mean `promote`?)", 16, 24},
        LocatedCase{"unknown key `descripton` in a pack (did you mean `description`?)", 3, 1},
        LocatedCase{"unknown action `lable` (did you mean `label`?)", 20, 13},
        LocatedCase{"bad regex `\\d{1,3}(pills`", 9, 14},
        LocatedCase{"can match the empty string", 11, 14},
        LocatedCase{"duplicate rule id `dac.blackout.promotion`", 21, 9},
        LocatedCase{"unknown rule `dac.blackout.promotoin`", 28, 16},
        LocatedCase{"cycle", 25, 9},
        LocatedCase{"`3 of` can never hold", 30, 11},
        LocatedCase{"unknown term `nothing_here`", 32, 11},
        LocatedCase{"unknown severity `severe`", 37, 15},
        LocatedCase{"unknown term `dosse`", 39, 17},
        LocatedCase{"term `unused` is not used", 12, 3},
        LocatedCase{"phrase `!!!` has no letters or digits", 13, 11},
        LocatedCase{"unknown category `dangerous-acts-and-challenge`", 1, 11},
        LocatedCase{"unknown resource `online-challenge`", 6, 17},
        LocatedCase{"duplicate category id", 7, 9},
        LocatedCase{"must be kebab-case", 9, 9},
        LocatedCase{"this `[` list is not closed", 3, 9}));

TEST(Compiler, PointsIntoQuotedConditions) {
  const CompileResult result = CompileSources(ErrorTree());
  auto it = std::find_if(result.diagnostics.begin(), result.diagnostics.end(), [](const Diagnostic& d) {
    return d.location.file == "errors/dangerous.yaml" && d.location.line == 19;
  });
  ASSERT_NE(it, result.diagnostics.end()) << FormatAll(result.diagnostics);
  // `when: "blackout and (warning or)"`: the `)` after `or` is at column 36.
  EXPECT_EQ(it->location.column, 36u) << it->message;
}

TEST(Compiler, WarningsDoNotFailUnlessAskedTo) {
  const std::string pack = R"(category: frauds-and-scams
terms:
  gift: [gift card]
  spare: [spare]
rules:
  - id: gift
    when: gift
)";
  const CompileResult lenient = CompilePacks({pack});
  ASSERT_TRUE(lenient.ok()) << FormatAll(lenient.diagnostics);
  ASSERT_EQ(lenient.diagnostics.size(), 1u);
  EXPECT_EQ(lenient.diagnostics[0].level, DiagnosticLevel::kWarning);
  CompileOptions strict;
  strict.warnings_as_errors = true;
  EXPECT_FALSE(CompilePacks({pack}, strict).ok());
}

// The skeleton reads `l` as `i` and a run of a letter once: a key is plain
// in the form that spells its phrase back, when every phrase of the key
// reads the same.
TEST(Compiler, AKeyIsPlainInTheFormThatSpellsItsPhrase) {
  const std::string pack = R"(category: frauds-and-scams
terms:
  hello: [hello]
  tree: [tall tree]
  oil: [oil]
  bell: [bell]
  bel: [bel]
rules:
  - { id: a, when: hello or tree or oil or bell or bel }
)";
  const CompileResult result = CompilePacks({pack});
  ASSERT_TRUE(result.ok()) << FormatAll(result.diagnostics);
  const internal::WordTable& skeleton = result.program->data().skeleton_words;
  const auto form = [&](const char* key) {
    const std::uint32_t found = skeleton.Find(key);
    EXPECT_NE(found, internal::kNone) << key;
    return found == internal::kNone ? 0u : skeleton.records[found].plain_form;
  };
  // A form's bits, one text byte at a time: a bit for each byte after the
  // first (set: the same key byte as the byte before), then one for a byte
  // standing for a key `i` (set: an `l`).
  // `hello` on `heio`: e (bit 0 clear), l (1 clear, 2 set), l (3 set, 4 set), o.
  EXPECT_EQ(form("heio"), (1u << 2) | (1u << 3) | (1u << 4));
  // `tall tree` on `tai tre`: as above to bit 4, then ` `, t, r, e, e (9 set).
  EXPECT_EQ(form("tai tre"), (1u << 2) | (1u << 3) | (1u << 4) | (1u << 9));
  // `oil` on `oi`: i (bits 0 and 1 clear), l (2 and 3 set).
  EXPECT_EQ(form("oi"), (1u << 2) | (1u << 3));
  // `bell` and `bel` share the key `bei`: they read differently.
  EXPECT_EQ(form("bei"), internal::kNotPlain);
}

// A key whose phrases read differently (`bei` for bell and bel) has no form
// of its own, but each of its targets has the form of its own phrase, and
// a target of an approximate term none.
TEST(Compiler, EachTargetOfAKeyOfSeveralPhrasesHasItsOwnForm) {
  const std::string pack = R"(category: frauds-and-scams
terms:
  bell: [bell]
  bel: [bel]
  belle: [{ text: belle, fuzzy: 1 }]
rules:
  - { id: a, when: bell or bel or belle }
)";
  const CompileResult result = CompilePacks({pack});
  ASSERT_TRUE(result.ok()) << FormatAll(result.diagnostics);
  const internal::ProgramData& data = result.program->data();
  const internal::WordTable& skeleton = data.skeleton_words;
  const std::uint32_t key = skeleton.Find("bei");
  ASSERT_NE(key, internal::kNone);
  EXPECT_EQ(skeleton.records[key].plain_form, internal::kNotPlain);
  const internal::CompiledPattern& pattern = skeleton.patterns[skeleton.records[key].pattern];
  ASSERT_EQ(pattern.target_count, 2u);
  ASSERT_EQ(data.target_plain_forms.size(), data.targets.size());
  std::map<std::string, internal::PlainForm> forms;
  for (std::uint32_t i = pattern.first_target; i < pattern.first_target + pattern.target_count; ++i) {
    forms[data.term_names[data.targets[i].term]] = data.target_plain_forms[i];
  }
  // `bell`: e (bit 0 clear), l (1 clear, 2 set), l (3 set, 4 set); `bel`: e, l.
  EXPECT_EQ(forms["bell"], (1u << 2) | (1u << 3) | (1u << 4));
  EXPECT_EQ(forms["bel"], 1u << 2);
  int approximate = 0;
  for (std::uint32_t i = 0; i < data.targets.size(); ++i) {
    if (data.targets[i].phrase != internal::kNone) continue;
    ++approximate;
    EXPECT_EQ(data.target_plain_forms[i], internal::kNotPlain);
  }
  EXPECT_GT(approximate, 0);
}

// A key whose pattern is one target, for any field, not an exception,
// brings that target's term and phrase with its match; a key of two terms,
// of a field set or of an exception leaves them to its pattern.
TEST(Compiler, AKeyCarriesItsTargetOnlyWhenThatTargetIsItsWholePattern) {
  const std::string pack = R"(category: frauds-and-scams
terms:
  pod: [tide pod]
  titled: [{ text: milk crate, fields: [title] }]
  one: [gift card]
  two: [gift card]
  dick:
    patterns: [dick]
    except: [{ text: moby dick, within_words: false }]
rules:
  - { id: a, when: pod or titled or one or two or dick }
)";
  const CompileResult result = CompilePacks({pack});
  ASSERT_TRUE(result.ok()) << FormatAll(result.diagnostics);
  const internal::ProgramData& data = result.program->data();
  const internal::WordTable& skeleton = data.skeleton_words;
  const auto record = [&](const char* key) {
    const std::uint32_t found = skeleton.Find(key);
    EXPECT_NE(found, internal::kNone) << key;
    return found == internal::kNone ? internal::WordTable::KeyRecord{} : skeleton.records[found];
  };
  const auto term = [&](const char* name) {
    const auto it = std::find(data.term_names.begin(), data.term_names.end(), name);
    EXPECT_NE(it, data.term_names.end()) << name;
    return static_cast<std::uint32_t>(it - data.term_names.begin());
  };
  for (const auto& [key, name] : {std::pair{"tide pod", "pod"}, std::pair{"dick", "dick"}}) {
    const internal::WordTable::KeyRecord found = record(key);
    EXPECT_EQ(found.term, term(name)) << key;
    ASSERT_LT(found.phrase, data.phrases.size()) << key;
    // The one target of the key's pattern, as the pattern holds it.
    const internal::CompiledPattern& pattern = skeleton.patterns[found.pattern];
    ASSERT_EQ(pattern.target_count, 1u) << key;
    EXPECT_EQ(data.targets[pattern.first_target].phrase, found.phrase) << key;
  }
  EXPECT_EQ(record("mik crate").term, internal::kNone);   // a field set
  EXPECT_EQ(record("gift card").term, internal::kNone);   // two terms
  EXPECT_EQ(record("moby dick").term, internal::kNone);   // an exception
}

TEST(Compiler, DeduplicatesPatternsAcrossPacksIntoFewDatabases) {
  const std::string pack_a = R"(category: frauds-and-scams
terms:
  gift: [gift card, Gift  Card, card]
  re: [{ regex: 'btc\d+' }]
rules:
  - { id: a, when: gift or re }
)";
  const std::string pack_b = R"(category: dangerous-acts-and-challenges
terms:
  gift: [gift card, { text: card, case_sensitive: true }]
rules:
  - { id: b, when: gift }
)";
  const CompileResult result = CompilePacks({pack_a, pack_b});
  ASSERT_TRUE(result.ok()) << FormatAll(result.diagnostics);
  const ProgramStats& stats = result.program->stats();
  EXPECT_EQ(stats.packs, 2u);
  EXPECT_EQ(stats.rules, 2u);
  EXPECT_EQ(stats.terms, 3u);
  EXPECT_EQ(stats.patterns, 6u);
  // Skeleton literals ` gift card `, ` giftcard ` (the words joined) and
  // ` card ` (`Gift  Card` folds to the first), `btc\d+` (folded regex),
  // case-sensitive `card` (exact word-view literal), and the two phrases of
  // the masked word table: seven. The skeleton literals are whole words, so
  // they are looked up in the skeleton word table: two databases. The
  // masked table stands for ` gft card `, ` git card `, ` gift crd `,
  // ` gift cad ` (one inner letter masked), ` crd `, ` cad ` and ` cd ` (one
  // word: two letters too).
  EXPECT_EQ(stats.unique_patterns, 7u);
  EXPECT_EQ(stats.databases, 2u);
  const internal::WordTable& skeleton = result.program->data().skeleton_words;
  EXPECT_EQ(skeleton.size(), 3u);
  for (const char* key : {"gift card", "giftcard", "card"}) {
    EXPECT_NE(skeleton.Find(key), internal::kNone) << key;
  }
  // A key that is its phrase as written is plain; the words joined are not
  // the phrase `gift card`.
  EXPECT_EQ(skeleton.records[skeleton.Find("gift card")].plain_form, 0u);
  EXPECT_EQ(skeleton.records[skeleton.Find("giftcard")].plain_form, internal::kNotPlain);
  const internal::WordTable& masked = result.program->data().masked_words;
  EXPECT_EQ(masked.size(), 2u);
  for (const char* spelling : {"gft card", "git card", "gift crd", "gift cad", "crd", "cad", "cd"}) {
    EXPECT_NE(masked.Find(spelling), internal::kNone) << spelling;
  }
  for (const char* other : {"gift card", "card", "ift card", "gift car", "gft crd", "gifcard"}) {
    EXPECT_EQ(masked.Find(other), internal::kNone) << other;
  }
  EXPECT_GT(stats.database_bytes, 0u);
}

// Every matched span of `text`, as "term begin-end", in verdict order.
std::vector<std::string> SpansFor(const std::shared_ptr<const Program>& program, const std::string& text) {
  Scanner scanner(program);
  const Document document = test::TextDocument(text);
  const Verdict& verdict = scanner.Scan(document);
  std::vector<std::string> spans;
  for (const RuleMatch& match : verdict.live) {
    for (const MatchSpan& span : verdict.SpansOf(match)) {
      spans.push_back(program->data().term_names[span.term] + " " + std::to_string(span.begin) + "-" +
                      std::to_string(span.end));
    }
  }
  return spans;
}

// Whole-word phrases need no Hyperscan database: a program of only those
// still builds the views its word tables read, and finds the phrases as
// written, disguised, split and masked.
TEST(Compiler, AProgramOfWholeWordPhrasesScansWithoutADatabase) {
  const std::string pack = R"(category: dangerous-acts-and-challenges
terms:
  pod: [tide pod]
  blackout: [blackout]
  brand: [benadryl]
rules:
  - { id: r.any, when: 'any of (pod, blackout, brand)' }
)";
  const CompileResult result = CompilePacks({pack});
  ASSERT_TRUE(result.ok()) << FormatAll(result.diagnostics);
  EXPECT_EQ(result.program->stats().databases, 0u);
  EXPECT_EQ(SpansFor(result.program, "a tide pod, a t1de p0d, the black out and b*nadryl"),
            (std::vector<std::string>{"pod 2-10", "pod 14-22", "blackout 28-37", "brand 42-50"}));
  EXPECT_TRUE(SpansFor(result.program, "riptide podcast, blackouts, benadryls").empty());
}

TEST(Compiler, SplitsALargeSetOfOneKindIntoDatabasesThatMatchTheSame) {
  const std::string pack = R"(category: dangerous-acts-and-challenges
terms:
  pod: [tide pod, tide pods]
  blackout: [blackout, pass out challenge, choking game]
  brand: [{ text: benadryl, evasion: aggressive }, { text: benadryll, fuzzy: 1 }]
  plain: [{ text: scunthorpe, evasion: off }, { text: sky, evasion: off }, ass]
  dose: [{ regex: '\b\d{1,3}\s*(pills|tabs)\b' }, { regex: 'mg\b' }]
  tag: [{ text: milkcrate, within_words: true }, { text: skullbreaker, starts_word: true },
        { text: challenge, ends_word: true }]
rules:
  - { id: r.any, when: 'any of (pod, blackout, brand, plain, dose, tag)' }
)";
  const CompileResult whole = CompilePacks({pack});
  CompileOptions options;
  options.limits.max_database_expressions = 2;
  const CompileResult split = CompilePacks({pack}, options);
  ASSERT_TRUE(whole.ok()) << FormatAll(whole.diagnostics);
  ASSERT_TRUE(split.ok()) << FormatAll(split.diagnostics);
  EXPECT_EQ(split.program->stats().unique_patterns, whole.program->stats().unique_patterns);
  EXPECT_GT(split.program->stats().databases, whole.program->stats().databases + 3);
  for (const char* text :
       {"eat a t1de p0d, the black out game, tidepods", "b*nadryl or benadryi, 20 pills 5mg",
        "#milkcratechallenge #blackoutchallenge", "the skullbreakers of the skullchallenge",
        "scunthorpe sky and a classic bass class", "the pass-out challenge and ch0king game",
        "nothing to see here"}) {
    const std::vector<std::string> spans = SpansFor(whole.program, text);
    EXPECT_EQ(SpansFor(split.program, text), spans) << text;
  }
  EXPECT_EQ(SpansFor(split.program, "eat a t1de p0d, the black out game").size(), 2u);
}

TEST(Compiler, HashDependsOnContentNotOnWhereTheTreeLives) {
  const auto tree = [](const std::string& root, const std::string& rule_id) {
    return std::vector<SourceFile>{{root + "taxonomy.yaml", test::kTestTaxonomy},
                                   {root + "p.yaml", "category: frauds-and-scams\nterms: {a: [a]}\n"
                                                     "rules: [{id: " + rule_id + ", when: a}]\n"}};
  };
  const auto hash_of = [](const std::vector<SourceFile>& sources) {
    CompileResult result = CompileSources(sources);
    EXPECT_TRUE(result.ok()) << FormatAll(result.diagnostics);
    return result.ok() ? std::string(result.program->hash()) : std::string();
  };
  EXPECT_EQ(hash_of(tree("", "x")), hash_of(tree("", "x")));
  EXPECT_NE(hash_of(tree("", "x")), hash_of(tree("", "y")));
}

TEST(Compiler, CompilesADirectoryTreeAndReportsAMissingOne) {
  const auto root = std::filesystem::temp_directory_path() / "bylaw-compiler-test";
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root / "packs");
  std::ofstream(root / "taxonomy.yaml") << test::kTestTaxonomy;
  std::ofstream(root / "packs" / "scams.yml")
      << "category: frauds-and-scams\nterms: {a: [gift card]}\nrules: [{id: a, when: a}]\n";
  std::ofstream(root / "notes.txt") << "not a pack";
  const CompileResult result = CompileDirectory(root);
  EXPECT_TRUE(result.ok()) << FormatAll(result.diagnostics);
  EXPECT_EQ(result.program->stats().packs, 1u);

  const CompileResult missing = CompileDirectory(root / "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.diagnostics.at(0).message.find("cannot read rules directory"), std::string::npos);
  std::filesystem::remove_all(root);
}

TEST(Compiler, RejectsConditionsNestedTooDeeply) {
  std::string condition(100000, '(');
  const std::string pack = "category: frauds-and-scams\nterms: {a: [a]}\nrules:\n  - id: deep\n    when: " +
                           condition + "a\n";
  const CompileResult result = CompilePacks({pack});
  EXPECT_FALSE(result.ok());
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_NE(FormatAll(result.diagnostics).find("deeper"), std::string::npos)
      << FormatAll(result.diagnostics);
}

// Per document, only rules whose terms matched are evaluated, plus the rules
// that hold with no match at all; rule(...) passes a term's wake-up on.
TEST(Compiler, FindsWhichRulesEachTermWakesAndWhichRunAlways) {
  const CompileResult result = CompilePacks({R"(category: dangerous-acts-and-challenges
terms:
  blackout: [blackout challenge]
  dare: [dare]
  warning: [psa]
rules:
  - { id: a, when: blackout }
  - { id: b, when: 'count(dare) < 2' }
  - { id: c, when: rule(a) and not dare }
  - { id: d, when: not warning }
)"});
  ASSERT_TRUE(result.ok()) << FormatAll(result.diagnostics);
  const internal::ProgramData& data = result.program->data();
  using Rules = std::vector<std::uint32_t>;
  EXPECT_EQ(data.always_rules, (Rules{1, 3}));
  EXPECT_EQ(data.rules_of_term[0], (Rules{0, 2}));  // blackout: a, and c through rule(a)
  EXPECT_EQ(data.rules_of_term[1], (Rules{1, 2}));  // dare
  EXPECT_EQ(data.rules_of_term[2], (Rules{3}));     // warning
  EXPECT_FALSE(data.rule_programs[0].evaluate_always);
  EXPECT_TRUE(data.rule_programs[3].evaluate_always);
}

TEST(Compiler, RunsExamplesAndLocatesFailures) {
  const std::string pack = R"(category: dangerous-acts-and-challenges
terms:
  pod: [tide pod]
  psa: [psa]
rules:
  - id: pod.promo
    when: pod and not psa
    examples:
      flag: ["eat a tide pod", { title: "Tide Pod night", text: "who's in" }]
      pass: ["PSA: tide pod", "tide pod"]
)";
  const CompileResult result = CompilePacks({pack});
  ASSERT_TRUE(result.ok()) << FormatAll(result.diagnostics);
  const ExampleReport report = RunExamples(result.program);
  EXPECT_EQ(report.passed, 3u);
  EXPECT_EQ(report.failed, 1u);
  ASSERT_EQ(report.failures.size(), 1u);
  EXPECT_EQ(report.failures[0].location.line, 10u);
  EXPECT_EQ(report.failures[0].location.column, 31u);
  EXPECT_NE(report.failures[0].message.find("matches its `pass` example"), std::string::npos);
  EXPECT_EQ(report.failures[0].source_line, R"(      pass: ["PSA: tide pod", "tide pod"])");
}

}  // namespace
}  // namespace bylaw
