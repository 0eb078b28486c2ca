// Tests for engine/runtime/scanner.cc and evaluator.cc: what matches, what a
// verdict holds, and that spans are exact bytes of the original text.
#include "bylaw/scanner.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <thread>

#include "evaluator.h"
#include "hyperscan_scan.h"
#include "test_rules.h"

namespace bylaw {
namespace {

using test::LiveRules;
using test::LiveSpans;
using test::MustCompile;
using test::ShadowRules;
using test::TextDocument;

const char* kTerms = R"(
terms:
  blackout: [blackout challenge, choking game, "#blackoutchallenge"]
  promote: [try it, "who's in"]
  warning: [psa, killed]
  pod: [tide pod]
  hashtag: [{ text: tidepod, within_words: true }]
  dose: [{ regex: '\b\d{1,3}\s*(pills|mg)\b' }]
  brand: [{ text: Benadryl, case_sensitive: true }]
  lit: [{ literal: "x-7" }]
  titled: [{ text: challenge, fields: [title] }]
  dare: [dare]
  dose_pill: [pill]
  dose_tab: [tab]
)";

std::string PackWithRule(const std::string& condition) {
  return std::string("category: dangerous-acts-and-challenges\n") + kTerms +
         "rules:\n  - id: r\n    when: '" + condition + "'\n";
}

struct MatchCase {
  const char* condition;
  const char* text;
  bool matches;
};

class ConditionMatchTest : public ::testing::TestWithParam<MatchCase> {};

TEST_P(ConditionMatchTest, DecidesAsDocumented) {
  const MatchCase& c = GetParam();
  auto program = MustCompile(PackWithRule(c.condition));
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  const Verdict& verdict = scanner.Scan(TextDocument(c.text));
  EXPECT_EQ(verdict.Flagged(), c.matches) << "when: " << c.condition << "\ntext: " << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Phrases, ConditionMatchTest,
    ::testing::Values(
        MatchCase{"blackout", "who's doing the Blackout Challenge tonight", true},
        MatchCase{"blackout", "BLACKOUT...challenge!!", true},
        MatchCase{"blackout", "blackout\n\t  challenge", true},
        MatchCase{"blackout", "blackout challenges are back", false},
        MatchCase{"blackout", "the blackout lasted all night, what a challenge", false},
        MatchCase{"blackout", "#BlackoutChallenge", true},
        MatchCase{"blackout", "blackoutchallenge", true},
        MatchCase{"blackout", "#blackoutchallenges", false},
        MatchCase{"blackout", "ＢＬＡＣＫＯＵＴ ｃｈａｌｌｅｎｇｅ", true},
        MatchCase{"pod", "riptide podcast", false},
        MatchCase{"pod", "a tide-pod", true},
        MatchCase{"hashtag", "#tidepodchallenge", true},
        MatchCase{"promote", "who’s in?", true},
        MatchCase{"promote", "WHO'S IN", true},
        MatchCase{"promote", "whose inbox", false},
        MatchCase{"dose", "took 12 pills", true},
        MatchCase{"dose", "took 1234 pills", false},
        MatchCase{"brand", "benadryl", false},
        MatchCase{"brand", "Benadryl challenge", true},
        MatchCase{"lit", "codeX-7b", true},
        MatchCase{"dare", "daredevil", false},
        MatchCase{"dare", "café dare", true}));

INSTANTIATE_TEST_SUITE_P(
    Conditions, ConditionMatchTest,
    ::testing::Values(
        MatchCase{"blackout and not warning", "PSA: the blackout challenge killed kids", false},
        MatchCase{"blackout and not warning", "blackout challenge, try it", true},
        MatchCase{"not warning", "", true},
        MatchCase{"not warning", "psa", false},
        MatchCase{"blackout or pod", "tide pod", true},
        MatchCase{"(blackout or pod) and promote", "tide pod, try it", true},
        MatchCase{"(blackout or pod) and promote", "tide pod", false},
        MatchCase{"count(dare) >= 2", "dare dare", true},
        MatchCase{"count(dare) >= 2", "dare", false},
        MatchCase{"count(dare) == 0", "hello", true},
        MatchCase{"count(dare) != 1", "dare", false},
        MatchCase{"count(dare) < 2", "dare", true},
        MatchCase{"2 of (dare, promote, pod)", "i dare you, try it", true},
        MatchCase{"2 of (dare, promote, pod)", "i dare you", false},
        MatchCase{"all of (dose_*)", "a pill and a tab", true},
        MatchCase{"all of (dose_*)", "a pill", false},
        MatchCase{"any of (dose_*)", "one tab", true},
        MatchCase{"near(dare, pod, 4)", "dare you to eat a tide pod", true},
        MatchCase{"near(dare, pod, 3)", "dare you to eat a tide pod", false},
        MatchCase{"near(pod, dare, 0)", "tide pod dare", true},
        MatchCase{"near(dare, pod, 0)", "dare, tide pod", true},
        MatchCase{"titled", "challenge", false},
        MatchCase{"dare in (title)", "dare", false},
        MatchCase{"dare in (text, title)", "dare", true}));

// The ids of the live rules that match `text` with `metadata`.
std::vector<std::string> LiveRulesWith(Scanner& scanner, const std::string& text,
                                       std::vector<std::pair<std::string, std::string>> metadata) {
  Document document;
  document.AddField("text", text);
  document.metadata = std::move(metadata);
  const Verdict& verdict = scanner.Scan(document);
  std::vector<std::string> ids;
  for (const RuleMatch& match : verdict.live) {
    ids.push_back(verdict.program->rules()[match.rule].id);
  }
  return ids;
}

// A metadata test reads the document's last value of its name: texts exactly,
// numbers as whole numbers; a missing name or a value that is not a number
// makes it false. A rule may hold on metadata alone, with no term matched.
TEST(Scanner, ConditionsTestTheDocumentsMetadata) {
  auto program = MustCompile(test::FraudPack(R"(  - id: r.live
    when: gift and meta.surface == "live"
  - id: r.minor
    when: meta.author_age < 18
  - id: r.lang
    when: gift and meta.locale in ("es", "pt")
  - id: r.elsewhere
    when: gift and not meta.surface == "live"
  - id: r.minor_gift
    when: rule(r.minor) and gift
)"));
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  using Ids = std::vector<std::string>;
  EXPECT_EQ(LiveRulesWith(scanner, "gift card",
                          {{"surface", "live"}, {"locale", "es"}, {"author_age", "17"}}),
            (Ids{"r.live", "r.minor", "r.lang", "r.minor_gift"}));
  EXPECT_EQ(LiveRulesWith(scanner, "hello", {{"author_age", "-3"}}), Ids{"r.minor"});
  EXPECT_EQ(LiveRulesWith(scanner, "hello", {{"author_age", "18"}}), Ids{});
  EXPECT_EQ(LiveRulesWith(scanner, "gift card",
                          {{"author_age", "17.5"}, {"surface", "LIVE"}, {"locale", "fr"}}),
            Ids{"r.elsewhere"});
  EXPECT_EQ(LiveRulesWith(scanner, "gift card", {{"surface", "live"}, {"surface", "replay"}}),
            Ids{"r.elsewhere"});
  EXPECT_EQ(LiveRulesWith(scanner, "gift card", {}), Ids{"r.elsewhere"});
  EXPECT_EQ(LiveRulesWith(scanner, "hello", {{"locale", "pt"}, {"surface", "live"}}), Ids{});
}

TEST(Scanner, MatchesTermsOnlyInTheFieldsTheyAreLimitedTo) {
  auto program = MustCompile(PackWithRule("titled and dare in (title)"));
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  Document document;
  document.AddField("text", "a dare challenge");
  document.AddField("title", "the dare challenge");
  const Verdict& verdict = scanner.Scan(document);
  ASSERT_EQ(LiveRules(verdict), std::vector<std::string>{"r"});
  for (const MatchSpan& span : verdict.SpansOf(verdict.live[0])) {
    EXPECT_EQ(verdict.FieldNameOf(span), "title");
  }
}

// The spans of the one rule `pack` sets off on `text`, each as
// `text=term`, and ` disguised` when evasions were seen.
std::vector<std::string> SpansOfTheOneRule(const std::string& pack, const std::string& text) {
  auto program = MustCompile(pack);
  if (program == nullptr) return {"(no program)"};
  Scanner scanner(program);
  const Document document = TextDocument(text);
  const Verdict& verdict = scanner.Scan(document);
  if (verdict.live.size() != 1) return {"(" + std::to_string(verdict.live.size()) + " rules)"};
  std::vector<std::string> matched;
  for (const MatchSpan& span : verdict.SpansOf(verdict.live[0])) {
    matched.push_back(std::string(verdict.TextOf(span)) + "=" + std::string(program->term_name(span.term)) +
                      (span.evasions.empty() ? "" : " disguised"));
  }
  return matched;
}

// Phrases written with evasions are confirmed each by its own phrase (a
// word table's match brings its target's phrase with it): each term's span
// is its own words, disguised as they were.
TEST(Scanner, ConfirmsEachDisguisedPhraseAsItsOwnTerm) {
  EXPECT_EQ(SpansOfTheOneRule(R"(category: dangerous-acts-and-challenges
terms:
  pod: [tide pod]
  crate: [milk crate]
  game: [choking game]
  dare: [dare]
rules:
  - { id: r, when: pod or crate or game or dare }
)",
                              "a t1de-p0d, the m1lk cr@te and ch0king g@me, D.A.R.E."),
            (std::vector<std::string>{"t1de-p0d=pod disguised", "m1lk cr@te=crate disguised",
                                      "ch0king g@me=game disguised", "D.A.R.E=dare disguised"}));
}

// Terms whose phrases share a skeleton key (`bei`: bell, bel, beil) each
// match their own words as written, with no evasion; `bell` is also `bel`
// with a repeated letter, a disguise, and `b3ll` both disguised.
TEST(Scanner, TermsSharingAKeyMatchTheirOwnWordsAsWritten) {
  EXPECT_EQ(SpansOfTheOneRule(R"(category: frauds-and-scams
terms:
  bell: [bell]
  bel: [bel]
  beil: [beil]
rules:
  - { id: r, when: bell or bel or beil }
)",
                              "bell, bel; beil and b3ll"),
            (std::vector<std::string>{"bell=bell", "bell=bel disguised", "bel=bel", "beil=beil",
                                      "b3ll=bell disguised", "b3ll=bel disguised"}));
}

TEST(Scanner, ReportsSpansOnOriginalBytes) {
  auto program = MustCompile(PackWithRule("blackout and promote"));
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  // Full-width letters (3 bytes each), a curly apostrophe, an emoji (4 bytes).
  const std::string text = "\xF0\x9F\x98\x88 ＢＬＡＣＫＯＵＴ  challenge — who’s in";
  const Document document = TextDocument(text);
  const Verdict& verdict = scanner.Scan(document);
  ASSERT_EQ(verdict.live.size(), 1u);
  std::vector<std::string> matched;
  for (const MatchSpan& span : verdict.SpansOf(verdict.live[0])) {
    EXPECT_EQ(verdict.TextOf(span), text.substr(span.begin, span.end - span.begin));
    matched.push_back(std::string(verdict.TextOf(span)) + "=" +
                      std::string(program->term_name(span.term)));
  }
  EXPECT_EQ(matched, (std::vector<std::string>{"ＢＬＡＣＫＯＵＴ  challenge=blackout",
                                               "who’s in=promote"}));
  EXPECT_EQ(verdict.spans[0].begin, 5u);
}

TEST(Scanner, ScansInvalidUtf8AndNulBytesWithExactSpans) {
  auto program = MustCompile(PackWithRule("blackout"));
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  const std::string text = std::string("\xff\xfe blackout\0\xc3 challenge \xe2\x82", 26);
  const Document document = TextDocument(text);
  const Verdict& verdict = scanner.Scan(document);
  ASSERT_EQ(verdict.live.size(), 1u);
  const MatchSpan& span = verdict.spans[verdict.live[0].first_span];
  EXPECT_EQ(span.begin, 3u);
  EXPECT_EQ(span.end, 23u);
  EXPECT_EQ(verdict.TextOf(span), std::string("blackout\0\xc3 challenge", 20));
}

const char* kDecisionPack = R"(category: dangerous-acts-and-challenges
defaults: { action: review, severity: high }
unless: news
terms:
  blackout: [blackout challenge]
  warning: [psa]
  news: [reuters]
  dare: [dare]
rules:
  - id: promo
    when: blackout and not warning
    action: remove
    severity: critical
    labels: [dangerous]
    unless: dare
  - id: aware
    when: blackout and warning
    action: label
  - id: experiment
    when: blackout
    action: remove
    status: shadow
  - id: off
    when: blackout
    action: remove
    status: disabled
  - id: follow
    when: rule(aware) and not dare
    action: review
)";

TEST(Scanner, DecidesTheStrictestLiveActionAndKeepsShadowApart) {
  auto program = MustCompile(kDecisionPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  const Verdict& promo = scanner.Scan(TextDocument("blackout challenge tonight"));
  EXPECT_EQ(promo.decision, Action::kRemove);
  EXPECT_EQ(LiveRules(promo), std::vector<std::string>{"promo"});
  EXPECT_EQ(ShadowRules(promo), std::vector<std::string>{"experiment"});

  const Verdict& aware = scanner.Scan(TextDocument("PSA blackout challenge"));
  EXPECT_EQ(aware.decision, Action::kReview);
  EXPECT_EQ(LiveRules(aware), (std::vector<std::string>{"aware", "follow"}));
}

TEST(Scanner, AppliesRuleAndPackUnless) {
  auto program = MustCompile(kDecisionPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  EXPECT_EQ(LiveRules(scanner.Scan(TextDocument("dare: blackout challenge"))),
            std::vector<std::string>{});
  const Verdict& news = scanner.Scan(TextDocument("Reuters: blackout challenge"));
  EXPECT_EQ(news.decision, Action::kAllow);
  EXPECT_TRUE(news.live.empty());
  EXPECT_TRUE(news.shadow.empty());
}

TEST(Scanner, EvidenceOfRuleReferencesIsReportedButNegatedTermsAreNot) {
  auto program = MustCompile(kDecisionPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  const Verdict& verdict = scanner.Scan(TextDocument("PSA blackout challenge"));
  ASSERT_EQ(verdict.live.size(), 2u);
  std::vector<std::string> follow_terms;
  for (const MatchSpan& span : verdict.SpansOf(verdict.live[1])) {
    follow_terms.emplace_back(program->term_name(span.term));
  }
  EXPECT_EQ(follow_terms, (std::vector<std::string>{"warning", "blackout"}));
}

TEST(Scanner, TreatsReferencesToADisabledRuleAsFalse) {
  const CompileResult result = test::CompilePacks({R"(category: dangerous-acts-and-challenges
terms:
  blackout: [blackout challenge]
rules:
  - { id: base, when: blackout, status: disabled }
  - { id: uses, when: rule(base) }
  - { id: negates, when: not rule(base) }
)"});
  ASSERT_TRUE(result.ok()) << test::FormatAll(result.diagnostics);
  ASSERT_EQ(result.diagnostics.size(), 2u) << test::FormatAll(result.diagnostics);
  EXPECT_EQ(result.diagnostics[0].message, "rule `base` is disabled, so `rule(base)` is always false");
  Scanner scanner(result.program);
  EXPECT_EQ(LiveRules(scanner.Scan(TextDocument("blackout challenge"))),
            std::vector<std::string>{"negates"});
}

TEST(Scanner, CarriesRuleDetailsIntoTheVerdict) {
  auto program = MustCompile(kDecisionPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  const Verdict& verdict = scanner.Scan(TextDocument("blackout challenge"));
  ASSERT_EQ(verdict.live.size(), 1u);
  const RuleInfo& rule = program->rules()[verdict.live[0].rule];
  EXPECT_EQ(rule.severity, Severity::kCritical);
  EXPECT_EQ(rule.labels, std::vector<std::string>{"dangerous"});
  EXPECT_EQ(program->categories()[rule.category].id, "dangerous-acts-and-challenges");
  ASSERT_EQ(rule.resources.size(), 1u);
  EXPECT_EQ(program->resources()[rule.resources[0]].id, "online-challenges");
  EXPECT_EQ(program->rules()[program->FindRule("aware")].severity, Severity::kHigh);
  EXPECT_TRUE(program->hash().starts_with("sha256:"));
}

TEST(Scanner, ForgetsThePreviousDocument) {
  auto program = MustCompile(kDecisionPack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  EXPECT_TRUE(scanner.Scan(TextDocument("blackout challenge")).Flagged());
  const Verdict& clean = scanner.Scan(TextDocument("a quiet evening"));
  EXPECT_FALSE(clean.Flagged());
  EXPECT_TRUE(clean.spans.empty());
  EXPECT_EQ(clean.decision, Action::kAllow);
}

// A verdict lists its rules in the program's order however many rules there
// are (a few are read from a bit per rule, many are sorted), and the next
// document, with one match, lists that rule alone.
TEST(Scanner, ListsMatchedRulesInOrderForFewAndManyRules) {
  // `word` for rule i: letters only, distinct for every i.
  const auto word = [](std::size_t i) {
    std::string text = "zq";
    for (std::size_t n = i + 1; n > 0; n /= 26) text += static_cast<char>('a' + n % 26);
    return text;
  };
  // Rule i's id, in the order of the numbers.
  const auto id = [](std::size_t i) {
    const std::string digits = std::to_string(i);
    return "r" + std::string(5 - digits.size(), '0') + digits;
  };
  for (const std::size_t rules : {40, 2100}) {
    SCOPED_TRACE(rules);
    std::string pack = "category: dangerous-acts-and-challenges\ndefaults: { action: review }\nterms:\n";
    for (std::size_t i = 0; i < rules; ++i) pack += "  t" + std::to_string(i) + ": [" + word(i) + "]\n";
    pack += "rules:\n";
    for (std::size_t i = 0; i < rules; ++i) {
      pack += "  - id: " + id(i) + "\n    when: t" + std::to_string(i) + "\n";
    }
    auto program = MustCompile(pack);
    ASSERT_NE(program, nullptr);
    Scanner scanner(program);
    const std::vector<std::size_t> picked = {rules - 1, 7, rules / 2, 0, 33, rules - 2};
    std::string text;
    for (const std::size_t i : picked) text += word(i) + " and ";
    std::vector<std::size_t> in_order = picked;
    std::sort(in_order.begin(), in_order.end());
    std::vector<std::string> expected;
    for (const std::size_t i : in_order) expected.push_back(id(i));
    EXPECT_EQ(LiveRules(scanner.Scan(TextDocument(text))), expected);
    EXPECT_EQ(LiveRules(scanner.Scan(TextDocument(word(3)))), std::vector<std::string>{"r00003"});
  }
}

TEST(Scanner, SharesOneProgramBetweenThreads) {
  auto program = MustCompile(kDecisionPack);
  ASSERT_NE(program, nullptr);
  const std::vector<std::string> texts = {"blackout challenge", "PSA blackout challenge",
                                          "nothing here", "Reuters: blackout challenge"};
  std::vector<std::vector<std::string>> expected;
  {
    Scanner scanner(program);
    for (const std::string& text : texts) expected.push_back(LiveRules(scanner.Scan(TextDocument(text))));
  }
  std::vector<int> mismatches(2, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      Scanner scanner(program);
      for (int round = 0; round < 500; ++round) {
        const std::size_t i = (round + t) % texts.size();
        if (LiveRules(scanner.Scan(TextDocument(texts[i]))) != expected[i]) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches, (std::vector<int>{0, 0}));
}

// The words starting in [from, to) of `text`, the way a reader counts them.
int WordsBetween(const std::string& text, std::uint32_t from, std::uint32_t to) {
  int words = 0;
  for (std::uint32_t i = from; i < to; ++i) {
    const bool starts_word = text[i] != ' ' && (i == 0 || text[i - 1] == ' ');
    words += starts_word ? 1 : 0;
  }
  return words;
}

// near() against the definition, pair by pair, on random documents whose
// terms have matches of different lengths (`x` and `x y z`). The pairs are
// read from every match the scan found, not from the verdict's spans, which
// show at most kMaxSpansPerTerm of a term.
TEST(Scanner, NearAgreesWithThePairwiseDefinition) {
  // Nested matches: `y` starts inside `x y z` and ends before it, as `r` in `q r w`.
  const std::string terms = "terms:\n  a: [x, x y z, y]\n  b: [r, q r w]\n";
  std::vector<std::shared_ptr<const Program>> programs;
  for (int k = 0; k <= 3; ++k) {
    programs.push_back(MustCompile("category: frauds-and-scams\n" + terms +
                                   "rules:\n  - { id: both, when: a and b, status: shadow }\n"
                                   "  - { id: near, when: 'near(a, b, " + std::to_string(k) + ")' }\n"));
    ASSERT_NE(programs.back(), nullptr);
  }
  const std::vector<std::string> vocabulary = {"x y z", "q r w", "x", "y", "r", "w", "o", "o"};
  std::uint32_t seed = 12345;
  auto next = [&seed] { return seed = seed * 1103515245 + 12345, (seed >> 16) & 0x7fff; };
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    for (int i = 0, n = 1 + next() % 12; i < n; ++i) {
      text += (i ? " " : "") + vocabulary[next() % vocabulary.size()];
    }
    const int k = static_cast<int>(next() % 4);
    Scanner scanner(programs[k]);
    const Document document = TextDocument(text);
    const Verdict& verdict = scanner.Scan(document);
    bool expected = false;
    if (!verdict.shadow.empty()) {
      const internal::HitTable& hits = internal::LastScanHits(scanner);
      std::vector<internal::Hit> a, b;
      for (const std::uint32_t term : hits.touched()) {
        for (const internal::Hit& hit : hits.Of(term)) {
          (programs[k]->term_name(term) == "a" ? a : b).push_back(hit);
        }
      }
      for (const internal::Hit& x : a) {
        for (const internal::Hit& y : b) {
          const internal::Hit& first = x.begin <= y.begin ? x : y;
          const internal::Hit& second = x.begin <= y.begin ? y : x;
          expected |= second.begin <= first.end || WordsBetween(text, first.end, second.begin) <= k;
        }
      }
    }
    EXPECT_EQ(LiveRules(verdict) == std::vector<std::string>{"near"}, expected)
        << "k=" << k << " text: " << text;
  }
}

// Regexes share one database, which only finds where matches end; each
// regex that matched is scanned again alone for where they start. Every
// match is its own regex's, with its own start.
TEST(Scanner, RegexesOfOneDatabaseReportTheirOwnMatches) {
  auto program = MustCompile(R"(category: dangerous-acts-and-challenges
terms:
  code: [{ regex: 'q[0-9]' }]
  number: [{ regex: 'z[0-9]+' }]
  time: [{ regex: '\b\d\d?:\d\d\b' }]
rules:
  - id: code
    when: code
  - id: number
    when: number
  - id: time
    when: time
)");
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  //                                        0123456789012345678901234
  const Verdict& verdict = scanner.Scan(TextDocument("z123 at 10:45, q5 and z9"));
  EXPECT_EQ(LiveSpans(verdict), (std::vector<std::string>{"code 15-17", "number 0-4",
                                                       "number 22-24", "time 8-13"}));
}

// On a CPU with AVX2 and a library that exports its AVX2 routine (Debian's
// fat runtime), every scan goes through that routine, never the AVX-512 one
// that loses matches.
TEST(Scanner, ScansWithHyperscansAvx2RoutineWhereThereIsOne) {
  const bool avx2 = __builtin_cpu_supports("avx2") && dlsym(RTLD_DEFAULT, "avx2_hs_scan") != nullptr;
  EXPECT_STREQ(internal::HsScanRoutine(), avx2 ? "avx2_hs_scan" : "hs_scan");
}

// A regex is found wherever its match lands in the text. The AVX-512 scan
// code of some Hyperscan builds loses matches of a literal byte and a class
// placed 64 or more bytes in (internal/hyperscan_scan.h): every placement up
// to 160 bytes in, followed by up to 70 bytes, is tried, each regex alone in
// its program (with two in one database, the matches are found).
TEST(Scanner, FindsARegexMatchAtEveryOffset) {
  int missed = 0;
  for (const auto& [regex, match] : {std::pair{"q[0-9]", "q5"}, std::pair{"\\([1-9]\\)", "(8)"}}) {
    auto program = MustCompile(std::string(R"(category: dangerous-acts-and-challenges
terms:
  code: [{ regex: ')") + regex + R"(' }]
rules:
  - id: r
    when: code
)");
    ASSERT_NE(program, nullptr);
    Scanner scanner(program);
    const std::string_view found(match);
    for (std::size_t before = 0; before <= 160; ++before) {
      for (std::size_t after = 0; after <= 70; ++after) {
        const std::string text = std::string(before, 'x') + match + std::string(after, ' ');
        const Verdict& verdict = scanner.Scan(TextDocument(text));
        if (verdict.live.size() != 1 || verdict.spans.size() != 1 ||
            verdict.spans[0].begin != before || verdict.spans[0].end != before + found.size()) {
          if (++missed <= 3) ADD_FAILURE() << regex << " not found at " << before << ": \"" << text << "\"";
        }
      }
    }
  }
  EXPECT_EQ(missed, 0);
}

// Case-sensitive phrases are looked for only in texts that hold one of
// their words as written (ProgramData::exact_word_anchors); across any
// separators, as ever.
TEST(Scanner, CaseSensitivePhrasesAreLookedForWhereTheirWordsAre) {
  auto program = MustCompile(R"(category: dangerous-acts-and-challenges
terms:
  site: [{ text: my OF, case_sensitive: true }, { text: OF link, case_sensitive: true },
         { text: fan page, case_sensitive: true }]
rules:
  - id: site
    when: site
)");
  ASSERT_NE(program, nullptr);
  EXPECT_EQ(program->data().exact_word_anchors, (std::vector<std::string>{"OF", "page"}));
  Scanner scanner(program);
  for (const char* text : {"check my OF now", "my... OF", "the OF link", "my fan   page"}) {
    EXPECT_EQ(LiveRules(scanner.Scan(TextDocument(text))), std::vector<std::string>{"site"}) << text;
  }
  for (const char* text : {"check my of now", "OFlink", "my OFF", "fan pages", "no words here"}) {
    EXPECT_TRUE(scanner.Scan(TextDocument(text)).live.empty()) << text;
  }
}

// A rule naming a long word list shows the words of it that matched, the
// other terms its condition reads (here under `not`) not, and a word field
// limited in one rule in that field only.
TEST(Scanner, WordListRulesShowTheirMatchedWordsOnly) {
  std::string pack = "category: frauds-and-scams\nterms:\n";
  for (int i = 0; i < 64; ++i) {
    const std::string number = (i < 10 ? "0" : "") + std::to_string(i);
    pack += "  w" + number + ": [word" + number + "]\n";
  }
  pack += R"(  x1: [other]
  x2: [another]
rules:
  - id: plain
    when: any of (w*)
  - id: negated
    when: any of (w*) and not (x1 and x2)
  - id: limited
    when: w03 in (title) or 2 of (w1*, w2*, w4*)
)";
  auto program = MustCompile(pack);
  ASSERT_NE(program, nullptr);
  Scanner scanner(program);
  Document document = TextDocument("word03 other word10 word40 word03");
  document.AddField("title", "word03");
  const Verdict& verdict = scanner.Scan(document);
  std::vector<std::string> shown;
  for (const RuleMatch& match : verdict.live) {
    for (const MatchSpan& span : verdict.SpansOf(match)) {
      shown.push_back(program->rules()[match.rule].id + " " + std::string(program->term_name(span.term)) +
                      " " + document.fields[span.field].name + " " + std::to_string(span.begin));
    }
  }
  EXPECT_EQ(shown, (std::vector<std::string>{
                       "plain w03 text 0", "plain w10 text 13", "plain w40 text 20",
                       "plain w03 text 27", "plain w03 title 0",
                       "negated w03 text 0", "negated w10 text 13", "negated w40 text 20",
                       "negated w03 text 27", "negated w03 title 0",
                       "limited w10 text 13", "limited w40 text 20", "limited w03 title 0"}));
}

}  // namespace
}  // namespace bylaw
