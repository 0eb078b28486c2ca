// Compile side: rule-reference cycles, which rules each term can wake up, and
// which rules must run on every document. See rule_graph.h.
#include "compile/rule_graph.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "condition_graph.h"
#include "evaluator.h"

namespace bylaw::internal {
namespace {

// Direct references of one condition tree.
struct References {
  std::set<std::uint32_t> terms;
  std::set<std::uint32_t> rules;
  bool metadata = false;  // a `meta.NAME` test
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
    case NodeKind::kMeta: refs->metadata = true; break;
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
// Iterative: a rule() chain as long as the rules allow cannot overflow the
// stack.
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
  using Next = std::set<std::uint32_t>::const_iterator;

  void Visit(std::uint32_t start) {
    if (state_[start] != kUnvisited) return;
    std::vector<Next> next;  // parallel to path_: the next reference to follow
    Enter(start, &next);
    while (!path_.empty()) {
      const std::uint32_t rule = path_.back();
      if (next.back() == refs_[rule].rules.end()) {
        state_[rule] = kDone;
        path_.pop_back();
        next.pop_back();
        continue;
      }
      const std::uint32_t target = *next.back()++;
      if (state_[target] == kOnPath) Report(target);
      if (state_[target] == kUnvisited) Enter(target, &next);
    }
  }

  void Enter(std::uint32_t rule, std::vector<Next>* next) {
    state_[rule] = kOnPath;
    path_.push_back(rule);
    next->push_back(refs_[rule].rules.begin());
  }

  void Report(std::uint32_t rule) {
    found_ = true;
    std::string chain;
    const auto start = std::find(path_.begin(), path_.end(), rule);
    for (auto it = start; it != path_.end(); ++it) chain += "`" + data_.rules[*it].id + "` -> ";
    chain += "`" + data_.rules[rule].id + "`";
    sink_->Error(DiagnosticCode::kRuleCycle, data_.rules[path_.back()].location,
                 "rule references form a cycle: " + chain);
  }

  const ProgramData& data_;
  const std::vector<References>& refs_;
  DiagnosticSink* sink_;
  std::vector<State> state_;
  std::vector<std::uint32_t> path_;
  bool found_ = false;
};

// Reports the rule nested deepest, if it is deeper than the evaluator
// allows (once: a long chain would otherwise give an error per rule).
bool CheckDepth(const ProgramData& data, const ConditionGraph& graph, DiagnosticSink* sink) {
  const auto deepest = std::max_element(graph.rule_depth.begin(), graph.rule_depth.end());
  if (deepest == graph.rule_depth.end() || *deepest <= kMaxEvaluationDepth) return true;
  const RuleInfo& rule = data.rules[deepest - graph.rule_depth.begin()];
  sink->Error(DiagnosticCode::kNestingTooDeep, rule.location,
              "rule `" + rule.id + "` nests " + std::to_string(*deepest) +
                  " levels of conditions and rule() references; the limit is " +
                  std::to_string(kMaxEvaluationDepth));
  return false;
}

// Terms under an even number of `not`s: the evidence shown with a match.
// A term named with `in (...)` shows only matches in those fields, unless the
// rule also names it without a field limit (or with another one).
using EvidenceMap = std::map<std::uint32_t, std::uint32_t>;  // term -> field set

void AddEvidence(std::uint32_t term, std::uint32_t field_set, EvidenceMap* evidence) {
  auto [it, inserted] = evidence->try_emplace(term, field_set);
  if (!inserted && it->second != field_set) it->second = kNone;
}

// The evidence of a rule's `when` seen plainly ([0]) and under an odd number
// of `not`s ([1]); a referencing rule takes one or the other.
using RuleEvidence = std::array<EvidenceMap, 2>;

void MergeEvidence(const EvidenceMap& from, EvidenceMap* into) {
  for (const auto& [term, field_set] : from) AddEvidence(term, field_set, into);
}

// Walks one `when` tree with its own stack; a rule() reference takes the
// referenced rule's evidence, already computed (rules are visited in
// reference order), so a rule referenced many times costs one merge each.
RuleEvidence CollectEvidence(const ProgramData& data, std::uint32_t root,
                             const std::vector<RuleEvidence>& done) {
  RuleEvidence evidence;
  std::vector<std::pair<std::uint32_t, bool>> pending;  // op, negated
  if (root != kNone) pending.emplace_back(root, false);
  while (!pending.empty()) {
    const auto [index, negated] = pending.back();
    pending.pop_back();
    const ConditionOp& op = data.ops[index];
    EvidenceMap& plain = evidence[negated ? 1 : 0];
    switch (op.kind) {
      case NodeKind::kTerm: AddEvidence(op.term, op.field_set, &plain); break;
      case NodeKind::kCount:
      case NodeKind::kEvaded: AddEvidence(op.term, kNone, &plain); break;
      case NodeKind::kOf:
      case NodeKind::kNear:
        for (std::uint32_t term : Operands(data, op)) AddEvidence(term, kNone, &plain);
        break;
      case NodeKind::kRule:
        MergeEvidence(done[op.rule][0], &evidence[negated ? 1 : 0]);
        MergeEvidence(done[op.rule][1], &evidence[negated ? 0 : 1]);
        break;
      case NodeKind::kNot: pending.emplace_back(Operands(data, op)[0], !negated); break;
      default:
        for (std::uint32_t child : Operands(data, op)) pending.emplace_back(child, negated);
    }
  }
  return evidence;
}

// Fills rules_of_term and every rule's evidence, visiting rules so that each
// comes after the rules it references.
void CollectTermsAndEvidence(ProgramData* data, const std::vector<References>& refs,
                             const ConditionGraph& graph) {
  const std::size_t rule_count = data->rules.size();
  std::vector<std::set<std::uint32_t>> terms(rule_count);  // every term a rule can read
  std::vector<RuleEvidence> evidence(rule_count);
  for (std::uint32_t rule : graph.rule_order) {
    terms[rule] = refs[rule].terms;
    for (std::uint32_t other : refs[rule].rules) terms[rule].insert(terms[other].begin(), terms[other].end());
    evidence[rule] = CollectEvidence(*data, data->rule_programs[rule].when, evidence);
  }
  data->rules_of_term.assign(data->term_names.size(), {});
  for (std::uint32_t rule = 0; rule < rule_count; ++rule) {
    for (std::uint32_t term : terms[rule]) data->rules_of_term[term].push_back(rule);
    for (const auto& [term, field_set] : evidence[rule][0]) {
      data->rule_programs[rule].evidence.push_back(Evidence{term, field_set});
    }
  }
}

// Per rule: whether its conditions, or those of a rule it refers to at any
// depth, test metadata. `rule_order` puts each rule after those it refers to.
std::vector<bool> ReadsMetadata(const std::vector<References>& refs,
                                const std::vector<std::uint32_t>& rule_order) {
  std::vector<bool> reads(refs.size(), false);
  for (const std::uint32_t rule : rule_order) {
    reads[rule] = refs[rule].metadata ||
                  std::any_of(refs[rule].rules.begin(), refs[rule].rules.end(),
                              [&](std::uint32_t other) { return reads[other]; });
  }
  return reads;
}

}  // namespace

void AnalyzeRuleGraph(ProgramData* data, DiagnosticSink* sink) {
  const auto rule_count = static_cast<std::uint32_t>(data->rules.size());
  std::vector<References> refs;
  for (std::uint32_t rule = 0; rule < rule_count; ++rule) refs.push_back(RuleReferences(*data, rule));
  if (!CycleFinder(*data, refs, sink).Run() || sink->has_errors()) return;
  const ConditionGraph graph = WalkConditionGraph(*data);
  if (!CheckDepth(*data, graph, sink)) return;
  CollectTermsAndEvidence(data, refs, graph);

  // A rule that holds with no matches at all must be evaluated for every
  // document; every other rule only when one of its terms matched. A rule
  // that reads metadata, itself or through rule(...), may hold on metadata
  // alone: it too is evaluated for every document.
  const std::vector<bool> metadata = ReadsMetadata(refs, graph.rule_order);
  HitTable no_hits(data->term_names.size());
  Evaluator evaluator(*data);
  evaluator.Begin(no_hits, {}, nullptr);
  data->always_rules.clear();
  for (std::uint32_t rule = 0; rule < rule_count; ++rule) {
    const bool always = metadata[rule] || evaluator.RuleMatches(rule);
    data->rule_programs[rule].evaluate_always = always;
    if (always) data->always_rules.push_back(rule);
  }
}

}  // namespace bylaw::internal
