// Compile side, for lint: satisfiability of rule conditions over abstract
// documents. See condition_solver.h.
#include "compile/condition_solver.h"

#include <algorithm>

namespace bylaw::internal {
namespace {

bool Holds(std::int64_t value, Comparison comparison, std::int64_t number) {
  const auto order = value <=> number;
  switch (comparison) {
    case Comparison::kGe: return order >= 0;
    case Comparison::kGt: return order > 0;
    case Comparison::kLe: return order <= 0;
    case Comparison::kLt: return order < 0;
    case Comparison::kEq: return order == 0;
    case Comparison::kNe: return order != 0;
  }
  return false;
}

std::span<const std::uint32_t> Operands(const ProgramData& data, const ConditionOp& op) {
  return {data.operands.data() + op.first_operand, op.operand_count};
}

}  // namespace

ConditionSolver::ConditionSolver(const ProgramData& data, std::size_t budget)
    : data_(data), budget_(budget) {}

ConditionSolver::BitKey ConditionSolver::KeyOf(const ConditionOp& op) const {
  if (op.kind == NodeKind::kTerm || op.kind == NodeKind::kEvaded) {
    return {op.kind, op.term, op.field_set, 0};
  }
  if (op.kind == NodeKind::kMeta) return {op.kind, op.meta, kNone, 0};
  const std::span<const std::uint32_t> pair = Operands(data_, op);
  return {op.kind, std::min(pair[0], pair[1]), std::max(pair[0], pair[1]), op.number};
}

void ConditionSolver::Collect(std::uint32_t index, std::vector<bool>* rules_seen) {
  if (index == kNone) return;
  const ConditionOp& op = data_.ops[index];
  auto add_term = [this](std::uint32_t term) {
    auto [it, inserted] = terms_.try_emplace(term);
    if (inserted) {
      it->second.counts = {0, 1};
      term_order_.push_back(term);
    }
    return &it->second;
  };
  auto add_bit = [&](std::uint32_t first, std::uint32_t second) {
    const BitKey key = KeyOf(op);
    if (bits_.try_emplace(key, BitVar{first, second, -1}).second) bit_order_.push_back(key);
  };
  const std::span<const std::uint32_t> operands = Operands(data_, op);
  switch (op.kind) {
    case NodeKind::kTerm:
      add_term(op.term);
      if (op.field_set != kNone) add_bit(op.term, op.term);
      break;
    case NodeKind::kCount: {
      std::vector<std::int64_t>& counts = add_term(op.term)->counts;
      for (std::int64_t n = op.number - 1; n <= op.number + 1; ++n) {
        if (n >= 0 && std::find(counts.begin(), counts.end(), n) == counts.end()) counts.push_back(n);
      }
      std::sort(counts.begin(), counts.end());
      break;
    }
    case NodeKind::kOf:
      for (std::uint32_t term : operands) add_term(term);
      break;
    case NodeKind::kEvaded:  // free once the term matched: any match may be disguised
      add_term(op.term);
      add_bit(op.term, op.term);
      break;
    case NodeKind::kNear:
      add_term(operands[0]);
      add_term(operands[1]);
      if (operands[0] != operands[1]) add_bit(operands[0], operands[1]);
      break;
    case NodeKind::kRule: CollectRule(op.rule, rules_seen); break;
    case NodeKind::kMeta: add_bit(kNone, kNone); break;  // free: metadata needs no term
    case NodeKind::kNot:
    case NodeKind::kAnd:
    case NodeKind::kOr:
      for (std::uint32_t child : operands) Collect(child, rules_seen);
      break;
    default: break;  // a construct unknown here evaluates as unknown
  }
}

void ConditionSolver::CollectRule(std::uint32_t rule, std::vector<bool>* rules_seen) {
  if ((*rules_seen)[rule]) return;
  (*rules_seen)[rule] = true;
  const RuleProgram& program = data_.rule_programs[rule];
  Collect(program.when, rules_seen);
  Collect(program.unless, rules_seen);
  Collect(program.pack_unless, rules_seen);
}

std::vector<std::uint32_t> ConditionSolver::TermsOf(std::uint32_t rule) {
  terms_.clear();
  bits_.clear();
  term_order_.clear();
  bit_order_.clear();
  std::vector<bool> rules_seen(data_.rules.size(), false);
  CollectRule(rule, &rules_seen);
  std::vector<std::uint32_t> terms = term_order_;
  std::sort(terms.begin(), terms.end());
  return terms;
}

std::int64_t ConditionSolver::CountOf(std::uint32_t term) const {
  const TermVar& var = terms_.at(term);
  return var.assigned < 0 ? -1 : var.counts[var.assigned];
}

ConditionSolver::Value ConditionSolver::EvalOf(const ConditionOp& op) const {
  std::int64_t known = 0, unknown = 0;
  for (std::uint32_t term : Operands(data_, op)) {
    const std::int64_t count = CountOf(term);
    if (count < 0) ++unknown;
    if (count > 0) ++known;
  }
  if (known >= op.number) return Value::kTrue;
  return known + unknown < op.number ? Value::kFalse : Value::kUnknown;
}

ConditionSolver::Value ConditionSolver::Eval(std::uint32_t index) const {
  const ConditionOp& op = data_.ops[index];
  const std::span<const std::uint32_t> operands = Operands(data_, op);
  auto of_bool = [](bool value) { return value ? Value::kTrue : Value::kFalse; };
  auto bit = [&]() {
    const int assigned = bits_.at(KeyOf(op)).assigned;
    return assigned < 0 ? Value::kUnknown : of_bool(assigned == 1);
  };
  switch (op.kind) {
    case NodeKind::kTerm: {
      const std::int64_t count = CountOf(op.term);
      if (count < 0) return Value::kUnknown;
      if (count == 0 || op.field_set == kNone) return of_bool(count > 0);
      return bit();
    }
    case NodeKind::kCount: {
      const std::int64_t count = CountOf(op.term);
      return count < 0 ? Value::kUnknown : of_bool(Holds(count, op.comparison, op.number));
    }
    case NodeKind::kOf: return EvalOf(op);
    case NodeKind::kEvaded: {
      const std::int64_t count = CountOf(op.term);
      if (count < 0) return Value::kUnknown;
      return count == 0 ? Value::kFalse : bit();
    }
    case NodeKind::kNear: {
      const std::int64_t a = CountOf(operands[0]), b = CountOf(operands[1]);
      if (a == 0 || b == 0) return Value::kFalse;
      if (a < 0 || b < 0) return Value::kUnknown;
      return operands[0] == operands[1] ? Value::kTrue : bit();
    }
    case NodeKind::kRule: return EvalRule(op.rule);
    case NodeKind::kMeta: return bit();
    case NodeKind::kNot: {
      const Value value = Eval(operands[0]);
      return value == Value::kUnknown ? value : of_bool(value == Value::kFalse);
    }
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      // and: false wins; or: true wins. Otherwise unknown if any is unknown.
      const Value decisive = op.kind == NodeKind::kAnd ? Value::kFalse : Value::kTrue;
      Value result = op.kind == NodeKind::kAnd ? Value::kTrue : Value::kFalse;
      for (std::uint32_t child : operands) {
        const Value value = Eval(child);
        if (value == decisive) return decisive;
        if (value == Value::kUnknown) result = Value::kUnknown;
      }
      return result;
    }
    default: return Value::kUnknown;
  }
}

ConditionSolver::Value ConditionSolver::EvalRule(std::uint32_t rule) const {
  const RuleProgram& program = data_.rule_programs[rule];
  if (data_.rules[rule].status == RuleStatus::kDisabled || program.when == kNone) {
    return Value::kFalse;
  }
  Value value = Eval(program.when);
  for (std::uint32_t exception : {program.unless, program.pack_unless}) {
    if (value == Value::kFalse || exception == kNone) continue;
    const Value excepted = Eval(exception);
    if (excepted == Value::kTrue) return Value::kFalse;
    if (excepted == Value::kUnknown) value = Value::kUnknown;
  }
  return value;
}

ConditionSolver::Value ConditionSolver::EvalQuery(std::span<const RuleLiteral> literals) const {
  Value result = Value::kTrue;
  for (const RuleLiteral& literal : literals) {
    Value value = EvalRule(literal.rule);
    if (value != Value::kUnknown && !literal.wanted) {
      value = value == Value::kTrue ? Value::kFalse : Value::kTrue;
    }
    if (value == Value::kFalse) return value;
    if (value == Value::kUnknown) result = value;
  }
  return result;
}

// Depth-first over the unassigned variables: terms first (a bit only matters
// once its terms matched), each candidate in turn.
bool ConditionSolver::Search(std::span<const RuleLiteral> literals, std::size_t next) {
  if (++steps_ > budget_) {
    exhausted_ = true;
    return false;
  }
  const Value value = EvalQuery(literals);
  if (value != Value::kUnknown) return value == Value::kTrue;
  for (; next < term_order_.size(); ++next) {
    TermVar& var = terms_.at(term_order_[next]);
    if (var.assigned >= 0) continue;
    for (std::size_t i = 0; i < var.counts.size() && !exhausted_; ++i) {
      var.assigned = static_cast<int>(i);
      if (Search(literals, next + 1)) return true;
    }
    var.assigned = -1;
    return false;
  }
  for (const BitKey& key : bit_order_) {
    BitVar& var = bits_.at(key);
    const bool needs_terms = var.first_term != kNone;
    if (var.assigned >= 0 ||
        (needs_terms && (CountOf(var.first_term) == 0 || CountOf(var.second_term) == 0))) {
      continue;
    }
    for (int choice = 0; choice < 2 && !exhausted_; ++choice) {
      var.assigned = choice;
      if (Search(literals, next)) return true;
    }
    var.assigned = -1;
    return false;
  }
  exhausted_ = true;  // every case assigned and still unknown: a construct we cannot read
  return false;
}

ConditionSolver::Answer ConditionSolver::Solve(std::span<const RuleLiteral> literals,
                                               const std::vector<bool>& present,
                                               const std::vector<bool>& required) {
  terms_.clear();
  bits_.clear();
  term_order_.clear();
  bit_order_.clear();
  std::vector<bool> rules_seen(data_.rules.size(), false);
  for (const RuleLiteral& literal : literals) CollectRule(literal.rule, &rules_seen);
  for (auto& [term, var] : terms_) {
    if (!present.empty() && !present[term]) var.counts = {0};
    if (!required.empty() && required[term] && var.counts.size() > 1) {
      var.counts.erase(var.counts.begin());  // counts start at 0
    }
    if (var.counts.size() == 1) var.assigned = 0;
  }
  steps_ = 0;
  exhausted_ = false;
  if (Search(literals, 0)) return Answer::kSat;
  return exhausted_ ? Answer::kUnknown : Answer::kUnsat;
}

}  // namespace bylaw::internal
