// Compile side, for lint: decides questions about compiled rule conditions
// over every document that could exist, such as "can this rule ever match?"
// or "does every document that matches rule B also match rule A?".
//
// A document is abstracted to what conditions can observe: for each term, how
// many times it matched (0, 1, and the values around each `count` threshold,
// which cover every real count), and, for each `t in (fields)` and each
// `near(a, b, k)`, whether it holds (free as long as its terms matched), and
// for each `meta.NAME` test whether it holds (free, each test on its own). The
// search assigns these one at a time and evaluates the query with three
// values (true, false, unknown), pruning as soon as the answer is known.
//
// The abstraction admits every real document and a few impossible ones (it
// does not know that near(a, b, 3) implies near(a, b, 5)). So kUnsat is
// sound: no real document satisfies the query. kSat may rest on an impossible
// case, which only ever makes lint say less. Not thread-safe.
#ifndef BYLAW_COMPILE_CONDITION_SOLVER_H_
#define BYLAW_COMPILE_CONDITION_SOLVER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <tuple>
#include <vector>

#include "program_data.h"

namespace bylaw::internal {

// "Rule `rule` matches" (wanted) or "does not match" (!wanted). A rule
// matches as the scanner decides: `when` holds and neither `unless` does;
// a disabled rule never matches.
struct RuleLiteral {
  std::uint32_t rule = 0;
  bool wanted = true;
};

class ConditionSolver {
 public:
  enum class Answer { kSat, kUnsat, kUnknown };

  // `budget`: the most cases examined per query; past it, kUnknown.
  ConditionSolver(const ProgramData& data, std::size_t budget);

  // Is there a document for which every literal holds? `present` limits the
  // terms that may match: when not empty, term t may match only if
  // present[t], and must match if required[t] (when `required` is not empty).
  Answer Solve(std::span<const RuleLiteral> literals, const std::vector<bool>& present = {},
               const std::vector<bool>& required = {});

  // The terms a rule reads, through rule(...) references too.
  std::vector<std::uint32_t> TermsOf(std::uint32_t rule);

 private:
  enum class Value : std::uint8_t { kFalse, kTrue, kUnknown };
  // A condition leaf whose truth is free once its terms matched:
  // (kind, first term, second term or field set, number).
  using BitKey = std::tuple<NodeKind, std::uint32_t, std::uint32_t, std::int64_t>;
  struct TermVar {
    std::vector<std::int64_t> counts;  // candidate match counts, ascending
    int assigned = -1;                 // index into counts, or -1
  };
  struct BitVar {
    std::uint32_t first_term = 0;
    std::uint32_t second_term = 0;
    int assigned = -1;  // 0, 1 or -1
  };

  void Collect(std::uint32_t op, std::vector<bool>* rules_seen);
  void CollectRule(std::uint32_t rule, std::vector<bool>* rules_seen);
  BitKey KeyOf(const ConditionOp& op) const;
  std::int64_t CountOf(std::uint32_t term) const;  // -1: not assigned
  Value Eval(std::uint32_t op) const;
  Value EvalOf(const ConditionOp& op) const;
  Value EvalRule(std::uint32_t rule) const;
  Value EvalQuery(std::span<const RuleLiteral> literals) const;
  bool Search(std::span<const RuleLiteral> literals, std::size_t next);

  const ProgramData& data_;
  std::size_t budget_;
  std::size_t steps_ = 0;
  bool exhausted_ = false;
  std::map<std::uint32_t, TermVar> terms_;  // the query's terms
  std::map<BitKey, BitVar> bits_;
  std::vector<std::uint32_t> term_order_;  // branching order
  std::vector<BitKey> bit_order_;
};

}  // namespace bylaw::internal

#endif  // BYLAW_COMPILE_CONDITION_SOLVER_H_
