// Tests for engine/runtime/evaluator.cc: the gates that turn candidate rules
// away before their conditions are walked are sound (a rule whose `when`
// holds never finds a gate shut) and are the ones a condition implies; long
// word lists counted in the bitmap count what a walk of them would.
#include "evaluator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "test_rules.h"

namespace bylaw::internal {
namespace {

constexpr int kTerms = 6;

// A pack of terms t0..t5 and one rule per condition, r0, r1, ... in order.
std::string GatePack(const std::vector<std::string>& conditions) {
  std::string pack = "category: frauds-and-scams\nterms:\n";
  for (int i = 0; i < kTerms; ++i) {
    pack += "  t" + std::to_string(i) + ": [word" + std::string(1, static_cast<char>('a' + i)) + "]\n";
  }
  pack += "rules:\n";
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    pack += "  - id: r" + std::to_string(i) + "\n    title: Rule " + std::to_string(i) +
            "\n    when: \"" + conditions[i] + "\"\n";
  }
  return pack;
}

std::uint32_t TermIndex(const ProgramData& data, const std::string& name) {
  const auto it = std::find(data.term_names.begin(), data.term_names.end(), name);
  EXPECT_NE(it, data.term_names.end()) << name;
  return static_cast<std::uint32_t>(it - data.term_names.begin());
}

// The gates of rule `rule`, each as the set of its terms' names.
std::set<std::set<std::string>> GatesOf(const ProgramData& data, const RuleGates& gates,
                                        std::uint32_t rule) {
  std::vector<std::set<std::string>> of_gate(gates.first.back());
  for (std::uint32_t term = 0; term + 1 < gates.term_first.size(); ++term) {
    for (std::uint32_t i = gates.term_first[term]; i < gates.term_first[term + 1]; ++i) {
      of_gate[gates.term_gates[i]].insert(data.term_names[term]);
    }
  }
  return {of_gate.begin() + gates.first[rule], of_gate.begin() + gates.first[rule + 1]};
}

TEST(RuleGates, AreTheTermsEachConditionCannotHoldWithout) {
  const auto program = test::MustCompile(GatePack({
      "near(t0, t1, 3) and t2",             // each term alone
      "t0 or (t1 and t2)",                  // one gate of each side, joined
      "any of (t0, t1, t2) and not t3",     // `not` needs no match
      "count(t4) >= 2 or evaded(t5)",       // both need their term
      "count(t0) < 2 and t1",               // holds with no t0
      "0 of (t0, t1) and t2",               // holds with none of them
      "rule(r0) and t3",                    // a rule's gates through rule()
  }));
  ASSERT_NE(program, nullptr);
  const ProgramData& data = program->data();
  const RuleGates gates = FindRuleGates(data);
  using Gates = std::set<std::set<std::string>>;
  EXPECT_EQ(GatesOf(data, gates, 0), (Gates{{"t0"}, {"t1"}, {"t2"}}));
  EXPECT_EQ(GatesOf(data, gates, 1), (Gates{{"t0", "t1"}, {"t0", "t2"}}));
  EXPECT_EQ(GatesOf(data, gates, 2), (Gates{{"t0", "t1", "t2"}}));
  EXPECT_EQ(GatesOf(data, gates, 3), (Gates{{"t4", "t5"}}));
  EXPECT_EQ(GatesOf(data, gates, 4), (Gates{{"t1"}}));
  EXPECT_EQ(GatesOf(data, gates, 5), (Gates{{"t2"}}));
  // The four shortest: r0's three and t3.
  EXPECT_EQ(GatesOf(data, gates, 6), (Gates{{"t0"}, {"t1"}, {"t2"}, {"t3"}}));
}

// A random condition over t0..t5 and the rules before `rule`.
std::string RandomCondition(std::mt19937* random, int rule, int depth) {
  auto pick = [&](int n) { return static_cast<int>((*random)() % static_cast<unsigned>(n)); };
  auto term = [&] { return "t" + std::to_string(pick(kTerms)); };
  // `n` different terms, comma-separated.
  auto terms = [&](int n) {
    std::vector<int> all(kTerms);
    for (int i = 0; i < kTerms; ++i) all[i] = i;
    std::shuffle(all.begin(), all.end(), *random);
    std::string list;
    for (int i = 0; i < n; ++i) list += (i > 0 ? ", t" : "t") + std::to_string(all[i]);
    return list;
  };
  const int kind = depth >= 3 ? pick(7) : pick(11);
  switch (kind) {
    case 0: return term();
    case 1: return "count(" + term() + ") " + std::vector<std::string>{">=", ">", "<", "<=", "==", "!="}[pick(6)] + " " + std::to_string(1 + pick(2));
    case 2: return std::to_string(pick(4)) + " of (" + terms(3) + ")";
    case 3: return "near(" + terms(2) + ", " + std::to_string(pick(3)) + ")";
    case 4: return "evaded(" + term() + ")";
    case 5: return rule > 0 ? "rule(r" + std::to_string(pick(rule)) + ")" : term();
    case 6: return "any of (" + terms(2) + ")";
    case 7: return "not (" + RandomCondition(random, rule, depth + 1) + ")";
    case 8:
    case 9:
      return "(" + RandomCondition(random, rule, depth + 1) + (kind == 8 ? " and " : " or ") +
             RandomCondition(random, rule, depth + 1) + ")";
    default:
      return "(" + RandomCondition(random, rule, depth + 1) + " or " +
             RandomCondition(random, rule, depth + 1) + " or " + RandomCondition(random, rule, depth + 1) + ")";
  }
}

TEST(RuleGates, NeverShutARuleWhoseConditionHoldsOnRandomConditionsAndMatches) {
  std::mt19937 random(20261205);
  constexpr int kRules = 40;
  int held = 0, turned_away = 0;
  for (int pack = 0; pack < 25; ++pack) {
    std::vector<std::string> conditions;
    for (int rule = 0; rule < kRules; ++rule) conditions.push_back(RandomCondition(&random, rule, 0));
    const CompileResult result = test::CompilePacks({GatePack(conditions)});
    ASSERT_TRUE(result.ok()) << test::FormatAll(result.diagnostics);
    const ProgramData& data = result.program->data();
    const RuleGates gates = FindRuleGates(data);
    const Document document = test::TextDocument(std::string(200, 'x'));
    const std::vector<std::uint32_t> field_ids = {kNone};
    for (int trial = 0; trial < 60; ++trial) {
      HitTable hits(data.term_names.size());
      for (int t = 0; t < kTerms; ++t) {
        const int count = static_cast<int>(random() % 4) - 1;  // often none
        for (int k = 0; k < count; ++k) {
          Hit hit;
          hit.begin = random() % 150;
          hit.end = hit.begin + 1 + random() % 10;
          hit.words_before_begin = hit.begin / 5;
          hit.words_before_end = hit.end / 5;
          if (random() % 3 == 0) hit.evasions.Add(Evasion::kConfusable);
          hits.Add(TermIndex(data, "t" + std::to_string(t)), hit);
        }
      }
      hits.Finish();
      Evaluator evaluator(data);
      evaluator.Begin(hits, field_ids, &document);
      std::vector<bool> opened(gates.first.back(), false);
      for (std::uint32_t term : hits.touched()) {
        for (std::uint32_t i = gates.term_first[term]; i < gates.term_first[term + 1]; ++i) {
          opened[gates.term_gates[i]] = true;
        }
      }
      for (std::uint32_t rule = 0; rule < data.rules.size(); ++rule) {
        // The whole condition, walked without the rule's own gates.
        const bool holds = evaluator.Eval(data.rule_programs[rule].when);
        bool open = true;
        for (std::uint32_t gate = gates.first[rule]; gate < gates.first[rule + 1]; ++gate) {
          open = open && opened[gate];
        }
        held += holds ? 1 : 0;
        turned_away += open ? 0 : 1;
        ASSERT_TRUE(!holds || open) << "rule r" << rule << ": " << conditions[rule];
        EXPECT_EQ(evaluator.RuleMatches(rule), holds) << "rule r" << rule << ": " << conditions[rule];
      }
    }
  }
  // The trials exercised both sides.
  EXPECT_GT(held, 1000);
  EXPECT_GT(turned_away, 1000);
}

// A term's record lists the rules and gates of its term, whether it holds
// one of each in itself or points into the shared lists: none, one and
// several, next to each other.
TEST(TermLinks, ListEachTermsRulesAndGatesAsTheTablesTheyComeFrom) {
  const std::vector<std::vector<std::uint32_t>> rules_of_term = {{}, {7}, {2, 5, 9}, {4}, {1, 3}, {}};
  RuleGates gates;
  gates.first = {0, 6};
  const std::vector<std::vector<std::uint32_t>> gates_of_term = {{5}, {}, {0, 2}, {3}, {1}, {4, 0, 2}};
  gates.term_first.push_back(0);
  for (const std::vector<std::uint32_t>& list : gates_of_term) {
    gates.term_gates.insert(gates.term_gates.end(), list.begin(), list.end());
    gates.term_first.push_back(static_cast<std::uint32_t>(gates.term_gates.size()));
  }
  const TermLinks links(rules_of_term, gates);
  for (std::uint32_t term = 0; term < rules_of_term.size(); ++term) {
    const std::span<const std::uint32_t> rules = links.Rules(term), opened = links.Gates(term);
    EXPECT_EQ(std::vector<std::uint32_t>(rules.begin(), rules.end()), rules_of_term[term]) << term;
    EXPECT_EQ(std::vector<std::uint32_t>(opened.begin(), opened.end()), gates_of_term[term]) << term;
  }
}

TEST(HitTable, CountsTheMatchedTermsBetweenTwoTerms) {
  std::mt19937 random(20261206);
  constexpr std::uint32_t kTermCount = 300;
  for (int trial = 0; trial < 50; ++trial) {
    HitTable hits(kTermCount);
    // From no term matched to every one: whole words of the bitmap set too.
    for (std::uint32_t term = 0; term < kTermCount; ++term) {
      if (random() % 4 < static_cast<unsigned>(trial % 5)) hits.Add(term, Hit{0, 0, 1, {}});
    }
    for (int range = 0; range < 200; ++range) {
      std::uint32_t first = random() % (kTermCount + 1), last = random() % (kTermCount + 1);
      if (first > last) std::swap(first, last);
      std::size_t expected = 0;
      for (std::uint32_t term = first; term < last; ++term) expected += hits.Matched(term) ? 1 : 0;
      ASSERT_EQ(hits.MatchedBetween(first, last), expected) << first << ".." << last;
    }
  }
}

// Against a plain model (a sorted, merged list per term): matches added in
// any order, many to a term, in terms whose slots collide, read back sorted
// by place with equal starts merged; one table reused document after
// document, so a term left over from the one before would show.
TEST(HitTable, ReadsBackEachTermsMatchesSortedAndMergedAcrossDocuments) {
  std::mt19937 random(20261207);
  constexpr std::uint32_t kTermCount = 5000;
  HitTable hits(kTermCount);
  std::size_t merged = 0, shared_terms = 0;
  for (int document = 0; document < 400; ++document) {
    hits.Clear();
    std::map<std::uint32_t, std::vector<Hit>> model;
    std::vector<std::uint32_t> first_seen;
    // A few terms or dozens; small documents mostly, as real ones are.
    const int adds = static_cast<int>(random() % (document % 5 == 0 ? 300 : 12));
    for (int i = 0; i < adds; ++i) {
      // Terms near each other (the same bitmap word) and far apart.
      const std::uint32_t term = random() % 2 == 0 ? random() % 30 : random() % kTermCount;
      Hit hit;
      hit.field = random() % 2;
      hit.begin = random() % 12;
      hit.end = hit.begin + 1 + random() % 6;
      hit.words_before_begin = hit.begin / 4;
      hit.words_before_end = hit.end / 4;
      if (random() % 3 == 0) hit.evasions.Add(Evasion::kConfusable);
      if (random() % 4 == 0) hit.evasions.Add(Evasion::kLeet);
      if (model.find(term) == model.end()) first_seen.push_back(term);
      model[term].push_back(hit);
      hits.Add(term, hit);
    }
    hits.Finish();
    EXPECT_EQ(hits.touched(), first_seen);
    for (std::uint32_t term = 0; term < kTermCount; ++term) {
      const auto found = model.find(term);
      const std::span<const Hit> got = hits.Of(term);
      ASSERT_EQ(hits.Matched(term), found != model.end()) << "document " << document << " term " << term;
      if (found == model.end()) {
        ASSERT_TRUE(got.empty()) << "document " << document << " term " << term;
        continue;
      }
      std::vector<Hit> want = found->second;
      std::stable_sort(want.begin(), want.end(), [](const Hit& a, const Hit& b) {
        return std::tie(a.field, a.begin, b.end) < std::tie(b.field, b.begin, a.end);
      });
      std::vector<Hit> kept;
      for (const Hit& hit : want) {
        if (!kept.empty() && kept.back().field == hit.field && kept.back().begin == hit.begin) {
          kept.back().evasions.Add(hit.evasions);
          ++merged;
        } else {
          kept.push_back(hit);
        }
      }
      shared_terms += kept.size() > 1 ? 1 : 0;
      ASSERT_EQ(got.size(), kept.size()) << "document " << document << " term " << term;
      for (std::size_t i = 0; i < kept.size(); ++i) {
        EXPECT_EQ(std::tie(got[i].field, got[i].begin, got[i].end, got[i].words_before_begin,
                           got[i].words_before_end),
                  std::tie(kept[i].field, kept[i].begin, kept[i].end, kept[i].words_before_begin,
                           kept[i].words_before_end))
            << "document " << document << " term " << term << " match " << i;
        EXPECT_TRUE(got[i].evasions == kept[i].evasions) << "document " << document << " term " << term;
      }
    }
  }
  // The documents exercised merging and terms with several matches.
  EXPECT_GT(merged, 100u);
  EXPECT_GT(shared_terms, 100u);
}

// Word lists named by wildcards, in stretches of consecutive terms or not,
// hold exactly when enough of their terms matched.
TEST(Evaluator, CountsWordListsAsTheirTermsMatched) {
  std::string pack = "category: frauds-and-scams\nterms:\n";
  for (int i = 0; i < 64; ++i) {
    const std::string number = (i < 10 ? "0" : "") + std::to_string(i);
    pack += "  w" + number + ": [word" + number + "]\n";
  }
  std::string evens;
  for (int i = 0; i <= 40; i += 2) evens += (i > 0 ? ", w" : "w") + std::string(i < 10 ? "0" : "") + std::to_string(i);
  const std::vector<std::string> conditions = {
      "any of (w*)", "5 of (w*)", "3 of (w0*, w2*, w4*)", "2 of (" + evens + ")", "all of (w1*, w3*)"};
  pack += "rules:\n";
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    pack += "  - id: r" + std::to_string(i) + "\n    title: Rule\n    when: \"" + conditions[i] + "\"\n";
  }
  const auto program = test::MustCompile(pack);
  ASSERT_NE(program, nullptr);
  const ProgramData& data = program->data();
  // What each rule asks, from the words' numbers.
  const std::vector<std::pair<std::function<bool(int)>, int>> wanted = {
      {[](int) { return true; }, 1},
      {[](int) { return true; }, 5},
      {[](int n) { return n / 10 == 0 || n / 10 == 2 || n / 10 == 4; }, 3},
      {[](int n) { return n % 2 == 0 && n <= 40; }, 2},
      {[](int n) { return n / 10 == 1 || n / 10 == 3; }, 20},
  };
  std::mt19937 random(20261207);
  const Document document = test::TextDocument("x");
  const std::vector<std::uint32_t> field_ids = {kNone};
  int held = 0, failed = 0;
  for (int trial = 0; trial < 400; ++trial) {
    HitTable hits(data.term_names.size());
    std::vector<bool> matched(64, false);
    const unsigned odds = 2 + trial % 40;  // from half the words to a few
    for (int i = 0; i < 64; ++i) {
      if (random() % odds != 0 && trial % 50 != 0) continue;
      matched[i] = true;
      hits.Add(TermIndex(data, "w" + std::string(i < 10 ? "0" : "") + std::to_string(i)), Hit{0, 0, 1, {}});
    }
    hits.Finish();
    Evaluator evaluator(data);
    evaluator.Begin(hits, field_ids, &document);
    for (std::uint32_t rule = 0; rule < wanted.size(); ++rule) {
      int count = 0;
      for (int i = 0; i < 64; ++i) count += matched[i] && wanted[rule].first(i) ? 1 : 0;
      const bool expected = count >= wanted[rule].second;
      (expected ? held : failed) += 1;
      ASSERT_EQ(evaluator.Eval(data.rule_programs[rule].when), expected)
          << conditions[rule] << " with " << count << " of its words";
    }
  }
  EXPECT_GT(held, 400);
  EXPECT_GT(failed, 400);
}

}  // namespace
}  // namespace bylaw::internal
