// The graph of conditions and rule() references, walked once: the order in
// which rules can be decided (each after the rules it references), how deep
// evaluating each rule nests, and a rule on a cycle if there is one.
//
// Shared by the compiler (rule_graph.cc: limits and analyses) and the check
// of a loaded program file (program_check.cc), so that a program file can
// never ask the evaluator for more than a compile could have produced. The
// walk is iterative and visits every op and rule once, so neither a long
// rule() chain nor a condition shared between parents costs more than the
// size of the tables.
#ifndef BYLAW_INTERNAL_CONDITION_GRAPH_H_
#define BYLAW_INTERNAL_CONDITION_GRAPH_H_

#include <cstdint>
#include <vector>

#include "program_data.h"

namespace bylaw::internal {

// The most nested evaluations one rule may take (condition levels plus
// rule() links): the evaluator recurses once per level, so this bounds its
// stack. Conditions nest at most 64 levels, so this allows rule() chains of
// about 16 rules of the deepest conditions, and far more of ordinary ones.
inline constexpr std::uint32_t kMaxEvaluationDepth = 1024;

struct ConditionGraph {
  // Every rule, each one after every rule it references. Incomplete when
  // `cycle` is set.
  std::vector<std::uint32_t> rule_order;
  // Per rule: the nested evaluations RuleMatches(rule) makes at most (a
  // condition of one term is 2: the rule and the term).
  std::vector<std::uint32_t> rule_depth;
  // A rule on a cycle of rule() references, or kNone.
  std::uint32_t cycle = kNone;
};

// Walks every rule's `when`, `unless` and pack `unless`. Requires every
// index in `data` to be inside its table (CheckProgramData's index checks,
// or a compile); does not require ops to form trees.
ConditionGraph WalkConditionGraph(const ProgramData& data);

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_CONDITION_GRAPH_H_
