// Compile side: rule-reference cycles, which rules each term can wake up, and
// which rules must run on every document. See rule_graph.h.
#include "rule_graph.h"

#include <algorithm>
#include <map>
#include <set>

#include "evaluator.h"

namespace bylaw::internal {
namespace {

// Direct references of one condition tree.
struct References {
  std::set<std::uint32_t> terms;
  std::set<std::uint32_t> rules;
};

std::span<const std::uint32_t> Operands(const ProgramData& data, const ConditionOp& op) {
  return {data.operands.data() + op.first_operand, op.operand_count};
}

void Collect(const ProgramData& data, std::uint32_t index, References* refs) {
  if (index == kNone) return;
  const ConditionOp& op = data.ops[index];
  switch (op.kind) {
    case NodeKind::kTerm:
    case NodeKind::kCount:
    case NodeKind::kEvaded: refs->terms.insert(op.term); break;
    case NodeKind::kOf:
    case NodeKind::kNear:
      for (std::uint32_t term : Operands(data, op)) refs->terms.insert(term);
      break;
    case NodeKind::kRule: refs->rules.insert(op.rule); break;
    default:
      for (std::uint32_t child : Operands(data, op)) Collect(data, child, refs);
  }
}

References RuleReferences(const ProgramData& data, std::uint32_t rule) {
  References refs;
  const RuleProgram& program = data.rule_programs[rule];
  Collect(data, program.when, &refs);
  Collect(data, program.unless, &refs);
  Collect(data, program.pack_unless, &refs);
  return refs;
}

// Depth-first search; reports each cycle once, at the rule that closes it.
class CycleFinder {
 public:
  CycleFinder(const ProgramData& data, const std::vector<References>& refs, DiagnosticSink* sink)
      : data_(data), refs_(refs), sink_(sink), state_(data.rules.size(), kUnvisited) {}

  bool Run() {
    for (std::uint32_t rule = 0; rule < data_.rules.size(); ++rule) Visit(rule);
    return !found_;
  }

 private:
  enum State : std::uint8_t { kUnvisited, kOnPath, kDone };

  void Visit(std::uint32_t rule) {
    if (state_[rule] == kDone) return;
    if (state_[rule] == kOnPath) {
      Report(rule);
      return;
    }
    state_[rule] = kOnPath;
    path_.push_back(rule);
    for (std::uint32_t next : refs_[rule].rules) Visit(next);
    path_.pop_back();
    state_[rule] = kDone;
  }

  void Report(std::uint32_t rule) {
    found_ = true;
    std::string chain;
    const auto start = std::find(path_.begin(), path_.end(), rule);
    for (auto it = start; it != path_.end(); ++it) chain += "`" + data_.rules[*it].id + "` -> ";
    chain += "`" + data_.rules[rule].id + "`";
    sink_->Error(data_.rules[path_.back()].location,
                 "rule references form a cycle: " + chain);
  }

  const ProgramData& data_;
  const std::vector<References>& refs_;
  DiagnosticSink* sink_;
  std::vector<State> state_;
  std::vector<std::uint32_t> path_;
  bool found_ = false;
};

// Terms under an even number of `not`s: the evidence shown with a match.
// A term named with `in (...)` shows only matches in those fields, unless the
// rule also names it without a field limit (or with another one).
using EvidenceMap = std::map<std::uint32_t, std::uint32_t>;  // term -> field set

void AddEvidence(std::uint32_t term, std::uint32_t field_set, EvidenceMap* evidence) {
  auto [it, inserted] = evidence->try_emplace(term, field_set);
  if (!inserted && it->second != field_set) it->second = kNone;
}

void CollectEvidence(const ProgramData& data, std::uint32_t index, bool negated,
                     EvidenceMap* evidence) {
  if (index == kNone) return;
  const ConditionOp& op = data.ops[index];
  switch (op.kind) {
    case NodeKind::kTerm:
      if (!negated) AddEvidence(op.term, op.field_set, evidence);
      break;
    case NodeKind::kCount:
    case NodeKind::kEvaded:
      if (!negated) AddEvidence(op.term, kNone, evidence);
      break;
    case NodeKind::kOf:
    case NodeKind::kNear:
      if (!negated) {
        for (std::uint32_t term : Operands(data, op)) AddEvidence(term, kNone, evidence);
      }
      break;
    case NodeKind::kRule:
      CollectEvidence(data, data.rule_programs[op.rule].when, negated, evidence);
      break;
    case NodeKind::kNot: CollectEvidence(data, Operands(data, op)[0], !negated, evidence); break;
    default:
      for (std::uint32_t child : Operands(data, op)) CollectEvidence(data, child, negated, evidence);
  }
}

// Every term a rule can read, through rule(...) references too. Acyclic.
const std::set<std::uint32_t>& AllTerms(std::uint32_t rule, const std::vector<References>& refs,
                                        std::vector<std::optional<std::set<std::uint32_t>>>* memo) {
  if (!(*memo)[rule]) {
    std::set<std::uint32_t> terms = refs[rule].terms;
    for (std::uint32_t other : refs[rule].rules) {
      const std::set<std::uint32_t>& more = AllTerms(other, refs, memo);
      terms.insert(more.begin(), more.end());
    }
    (*memo)[rule] = std::move(terms);
  }
  return *(*memo)[rule];
}

}  // namespace

void AnalyzeRuleGraph(ProgramData* data, DiagnosticSink* sink) {
  const auto rule_count = static_cast<std::uint32_t>(data->rules.size());
  std::vector<References> refs;
  for (std::uint32_t rule = 0; rule < rule_count; ++rule) refs.push_back(RuleReferences(*data, rule));
  if (!CycleFinder(*data, refs, sink).Run() || sink->has_errors()) return;

  data->rules_of_term.assign(data->term_names.size(), {});
  std::vector<std::optional<std::set<std::uint32_t>>> memo(rule_count);
  for (std::uint32_t rule = 0; rule < rule_count; ++rule) {
    for (std::uint32_t term : AllTerms(rule, refs, &memo)) data->rules_of_term[term].push_back(rule);
    EvidenceMap evidence;
    CollectEvidence(*data, data->rule_programs[rule].when, false, &evidence);
    for (const auto& [term, field_set] : evidence) {
      data->rule_programs[rule].evidence.push_back(Evidence{term, field_set});
    }
  }

  // A rule that holds with no matches at all must be evaluated for every
  // document; every other rule only when one of its terms matched.
  HitTable no_hits(data->term_names.size());
  Evaluator evaluator(*data);
  evaluator.Begin(no_hits, {}, nullptr);
  data->always_rules.clear();
  for (std::uint32_t rule = 0; rule < rule_count; ++rule) {
    const bool always = evaluator.RuleMatches(rule);
    data->rule_programs[rule].evaluate_always = always;
    if (always) data->always_rules.push_back(rule);
  }
}

}  // namespace bylaw::internal
