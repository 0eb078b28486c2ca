// Fuzzes the rule-graph phase of the compile (engine/compile/rule_graph.cc)
// and the same graph as a loaded program's check sees it
// (engine/runtime/condition_graph.cc, program_check.cc), on graphs no YAML
// would be quick to reach: rule() chains tens of thousands long, references
// shared by many rules, cycles through many rules.
//
// The input is a program for a stack machine, three bytes an instruction
// (kind, x, y), that builds condition trees as the resolver does (each op
// the operand of at most one op, conditions at most 64 levels deep, as the
// grammar allows) and rules whose `when` is the tree on top:
//   0 term x    1 not    2 and    3 or    4 rule(x | y << 8)    5 new rule
// Properties: the analysis reports a cycle exactly when some rule reaches
// itself through rule(); without errors, a rule is woken by a term exactly
// when it can read it (checked against a plain search on small graphs), its
// evidence is among those terms, and the program passes the check a loaded
// file must pass (what a compile accepts, a load accepts).
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "fuzz_harness.h"
#include "runtime/program_codec.h"
#include "compile/rule_graph.h"

namespace bylaw::fuzz {
namespace {

using internal::ConditionOp;
using internal::kNone;
using internal::NodeKind;
using internal::ProgramData;

constexpr std::uint32_t kTerms = 8;
constexpr std::uint32_t kMaxNesting = 64;

struct Built {
  std::uint32_t op;
  std::uint32_t depth;
};

// Builds the tables the input describes.
class Builder {
 public:
  explicit Builder(ProgramData* data) : data_(data) {
    for (std::uint32_t t = 0; t < kTerms; ++t) data_->term_names.push_back("t" + std::to_string(t));
    data_->categories.resize(1);
  }

  void Run(std::string_view input) {
    for (std::size_t i = 0; i + 3 <= input.size(); i += 3) {
      const auto kind = static_cast<unsigned char>(input[i]) % 6;
      const auto x = static_cast<unsigned char>(input[i + 1]);
      const auto y = static_cast<unsigned char>(input[i + 2]);
      Step(kind, x, y);
    }
    if (data_->rules.empty()) Step(5, 0, 0);
    // rule(x) names a rule by number: any rule, earlier, later or itself.
    for (ConditionOp& op : data_->ops) {
      if (op.kind == NodeKind::kRule) op.rule %= static_cast<std::uint32_t>(data_->rules.size());
    }
  }

 private:
  void Step(unsigned kind, unsigned x, unsigned y) {
    switch (kind) {
      case 0: Push(Leaf(NodeKind::kTerm, x % kTerms), 1); break;
      case 1: Combine(NodeKind::kNot, 1); break;
      case 2: Combine(NodeKind::kAnd, 2); break;
      case 3: Combine(NodeKind::kOr, 2); break;
      case 4: Push(Leaf(NodeKind::kRule, x | y << 8), 1); break;
      default: AddRule(x);
    }
  }
  std::uint32_t Leaf(NodeKind kind, std::uint32_t what) {
    ConditionOp op;
    op.kind = kind;
    (kind == NodeKind::kTerm ? op.term : op.rule) = what;
    data_->ops.push_back(op);
    return static_cast<std::uint32_t>(data_->ops.size() - 1);
  }
  void Push(std::uint32_t op, std::uint32_t depth) { stack_.push_back(Built{op, depth}); }
  void Combine(NodeKind kind, std::size_t count) {
    if (stack_.size() < count) return;
    std::uint32_t depth = 0;
    for (std::size_t k = 0; k < count; ++k) depth = std::max(depth, stack_[stack_.size() - 1 - k].depth);
    if (depth + 1 > kMaxNesting) return;
    ConditionOp op;
    op.kind = kind;
    op.first_operand = static_cast<std::uint32_t>(data_->operands.size());
    op.operand_count = static_cast<std::uint32_t>(count);
    for (std::size_t k = count; k > 0; --k) data_->operands.push_back(stack_[stack_.size() - k].op);
    stack_.resize(stack_.size() - count);
    data_->ops.push_back(op);
    Push(static_cast<std::uint32_t>(data_->ops.size() - 1), depth + 1);
  }
  void AddRule(unsigned x) {
    RuleInfo info;
    info.id = "r" + std::to_string(data_->rules.size());
    data_->rules.push_back(info);
    internal::RuleProgram program;
    if (stack_.empty()) Push(Leaf(NodeKind::kTerm, x % kTerms), 1);
    program.when = stack_.back().op;
    stack_.pop_back();
    data_->rule_programs.push_back(program);
  }

  ProgramData* data_;
  std::vector<Built> stack_;
};

// Terms and rules a rule's conditions name directly.
void Direct(const ProgramData& data, std::uint32_t root, std::set<std::uint32_t>* terms,
            std::set<std::uint32_t>* rules) {
  std::vector<std::uint32_t> pending = {root};
  while (!pending.empty()) {
    const ConditionOp& op = data.ops[pending.back()];
    pending.pop_back();
    if (op.kind == NodeKind::kTerm) terms->insert(op.term);
    if (op.kind == NodeKind::kRule) rules->insert(op.rule);
    for (std::uint32_t k = 0; k < op.operand_count; ++k) pending.push_back(data.operands[op.first_operand + k]);
  }
}

// The oracle: what each rule reaches, by a plain search from each rule.
struct Reach {
  std::vector<std::set<std::uint32_t>> terms;
  bool cycle = false;
};
Reach Search(const ProgramData& data) {
  const std::size_t n = data.rules.size();
  std::vector<std::set<std::uint32_t>> terms(n), rules(n);
  for (std::uint32_t r = 0; r < n; ++r) Direct(data, data.rule_programs[r].when, &terms[r], &rules[r]);
  Reach reach;
  reach.terms.resize(n);
  for (std::uint32_t start = 0; start < n; ++start) {
    std::vector<bool> seen(n, false);
    std::vector<std::uint32_t> pending(rules[start].begin(), rules[start].end());
    reach.terms[start] = terms[start];
    while (!pending.empty()) {
      const std::uint32_t r = pending.back();
      pending.pop_back();
      if (r == start) reach.cycle = true;
      if (seen[r]) continue;
      seen[r] = true;
      reach.terms[start].insert(terms[r].begin(), terms[r].end());
      pending.insert(pending.end(), rules[r].begin(), rules[r].end());
    }
  }
  return reach;
}

std::string CheckAnalysis(const ProgramData& data, const std::vector<Diagnostic>& diagnostics) {
  const bool small = data.rules.size() <= 400;
  const Reach reach = small ? Search(data) : Reach{};
  bool cycle_reported = false;
  for (const Diagnostic& d : diagnostics) {
    cycle_reported |= d.message.starts_with("rule references form a cycle");
  }
  if (small && cycle_reported != reach.cycle) return "a cycle reported exactly when there is one";
  if (HasErrors(diagnostics)) return "";
  if (const std::string problem = internal::CheckProgramData(data); !problem.empty()) {
    return "the compile's tables fail the load's check: " + problem;
  }
  if (!small) return "";
  for (std::uint32_t t = 0; t < kTerms; ++t) {
    for (std::uint32_t r = 0; r < data.rules.size(); ++r) {
      const auto& woken = data.rules_of_term[t];
      if ((std::find(woken.begin(), woken.end(), r) != woken.end()) != (reach.terms[r].count(t) > 0)) {
        return "rules_of_term differs from the terms a rule can read";
      }
    }
  }
  for (std::uint32_t r = 0; r < data.rules.size(); ++r) {
    for (const internal::Evidence& evidence : data.rule_programs[r].evidence) {
      if (reach.terms[r].count(evidence.term) == 0) return "evidence names a term the rule cannot read";
    }
  }
  return "";
}

}  // namespace

std::string FuzzRuleGraph(std::string_view input) {
  ProgramData data;
  Builder(&data).Run(input);
  internal::DiagnosticSink sink;
  internal::AnalyzeRuleGraph(&data, &sink);
  return CheckAnalysis(data, sink.Take());
}

}  // namespace bylaw::fuzz

BYLAW_FUZZ_ENTRY(bylaw::fuzz::FuzzRuleGraph)
