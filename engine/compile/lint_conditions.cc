// Compile side, lint: what the compiled conditions say about which documents
// a rule can match. Every claim is proved over all documents with
// ConditionSolver; a rule too large to decide within the budget is passed
// over in silence.
#include <algorithm>

#include "compile/condition_solver.h"
#include "compile/lint_checks.h"

namespace bylaw::internal {
namespace {

using Answer = ConditionSolver::Answer;

std::string Quoted(std::string_view text) { return "`" + std::string(text) + "`"; }

// What the condition checks found about one rule.
struct RuleFacts {
  bool checked = false;          // live or shadow
  Answer matches = Answer::kUnknown;  // some document matches it
  bool matches_empty = false;    // a document with no term matches it
};

RuleFacts Examine(const ProgramData& data, std::uint32_t rule, ConditionSolver* solver,
                  LintSink* sink) {
  RuleFacts facts;
  const RuleInfo& info = data.rules[rule];
  if (info.status == RuleStatus::kDisabled) return facts;
  facts.checked = true;
  const RuleLiteral matches[] = {{rule, true}};
  facts.matches = solver->Solve(matches);
  if (facts.matches == Answer::kUnsat) {
    sink->Add(DiagnosticCode::kNeverMatches, DiagnosticLevel::kWarning, info.location,
              "rule " + Quoted(info.id) +
                  " can never match: no document makes its `when` hold and its `unless` fail");
    return facts;
  }
  const std::vector<bool> nothing(data.term_names.size(), false);
  facts.matches_empty = solver->Solve(matches, nothing) == Answer::kSat;
  if (!facts.matches_empty) return facts;
  const RuleLiteral fails[] = {{rule, false}};
  if (solver->Solve(fails) == Answer::kUnsat) {
    sink->Add(DiagnosticCode::kAlwaysMatches, DiagnosticLevel::kWarning, info.location,
              "rule " + Quoted(info.id) +
                  " matches every document: its condition holds "
                  "whatever the document says");
  } else {
    sink->Add(DiagnosticCode::kMatchesNothing, DiagnosticLevel::kWarning, info.location,
              "rule " + Quoted(info.id) +
                  " matches documents in which none of its terms appear, such as an empty "
                  "one: its condition needs a term that must match, not only `not`, "
                  "`count(...) <`, `== 0` or `meta.` tests");
  }
  return facts;
}

bool ShareAny(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i == *j) return true;
    *i < *j ? ++i : ++j;
  }
  return false;
}

// A live rule B whose matches always come with a live rule A of a stricter
// action never changes a decision. Reports the strictest such A.
void CheckUnreachable(const ProgramData& data, const std::vector<RuleFacts>& facts,
                      ConditionSolver* solver, LintSink* sink) {
  const auto count = static_cast<std::uint32_t>(data.rules.size());
  std::vector<std::vector<std::uint32_t>> terms(count);
  for (std::uint32_t rule = 0; rule < count; ++rule) {
    if (data.rules[rule].status == RuleStatus::kLive) terms[rule] = solver->TermsOf(rule);
  }
  for (std::uint32_t b = 0; b < count; ++b) {
    const RuleInfo& weaker = data.rules[b];
    if (weaker.status != RuleStatus::kLive || facts[b].matches != Answer::kSat ||
        facts[b].matches_empty) {
      continue;
    }
    std::uint32_t found = kNone;
    for (std::uint32_t a = 0; a < count; ++a) {
      const RuleInfo& stricter = data.rules[a];
      if (stricter.status != RuleStatus::kLive || stricter.action <= weaker.action ||
          (found != kNone && stricter.action <= data.rules[found].action) ||
          !ShareAny(terms[a], terms[b])) {
        continue;
      }
      const RuleLiteral query[] = {{b, true}, {a, false}};
      if (solver->Solve(query) == Answer::kUnsat) found = a;
    }
    if (found == kNone) continue;
    const RuleInfo& stricter = data.rules[found];
    sink->Add(DiagnosticCode::kUnreachable, DiagnosticLevel::kWarning, weaker.location,
              "rule " + Quoted(weaker.id) + " (" + std::string(ActionName(weaker.action)) +
                  ") never changes a decision: whenever it matches, the stricter rule " +
                  Quoted(stricter.id) + " (" + std::string(ActionName(stricter.action)) +
                  ") matches too",
              {sink->Make(DiagnosticLevel::kNote, DiagnosticCode::kUnreachable, stricter.location,
                          Quoted(stricter.id) + " is defined here")});
  }
}

}  // namespace

void CheckConditions(const ProgramData& data, const LintOptions& options, LintSink* sink) {
  ConditionSolver solver(data, options.max_condition_cases);
  std::vector<RuleFacts> facts;
  for (std::uint32_t rule = 0; rule < data.rules.size(); ++rule) {
    facts.push_back(Examine(data, rule, &solver, sink));
  }
  CheckUnreachable(data, facts, &solver, sink);
}

std::vector<std::uint32_t> RulesMatchingOnTermAlone(const ProgramData& data, std::size_t budget) {
  ConditionSolver solver(data, budget);
  const std::size_t term_count = data.term_names.size();
  std::vector<std::uint32_t> found(term_count, kNone);
  std::vector<bool> only(term_count, false);
  for (std::uint32_t term = 0; term < term_count && term < data.rules_of_term.size(); ++term) {
    only[term] = true;
    for (std::uint32_t rule : data.rules_of_term[term]) {
      if (data.rules[rule].status == RuleStatus::kDisabled ||
          data.rule_programs[rule].evaluate_always) {
        continue;
      }
      const RuleLiteral matches[] = {{rule, true}};
      if (solver.Solve(matches, only, only) == Answer::kSat) {
        found[term] = rule;
        break;
      }
    }
    only[term] = false;
  }
  return found;
}

}  // namespace bylaw::internal
