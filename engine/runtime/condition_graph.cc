// Run side (also used by the compiler): see condition_graph.h.
//
// One depth-first search over a graph whose nodes are the ops and the rules:
// an and/or/not op leads to its operand ops, a rule() op to its rule, and a
// rule to the roots of its conditions. The search keeps its own stack, marks
// each node once (shared nodes are not walked again) and computes depths in
// post-order.
#include "condition_graph.h"

#include <algorithm>
#include <array>
#include <utility>

namespace bylaw::internal {
namespace {

class Walk {
 public:
  explicit Walk(const ProgramData& data)
      : data_(data),
        rule_base_(static_cast<std::uint32_t>(data.ops.size())),
        state_(data.ops.size() + data.rules.size(), kWhite),
        depth_(data.ops.size() + data.rules.size(), 0) {}

  ConditionGraph Run() {
    ConditionGraph graph;
    for (std::uint32_t rule = 0; rule < data_.rules.size() && graph.cycle == kNone; ++rule) {
      Visit(rule_base_ + rule, &graph);
    }
    graph.rule_depth.resize(data_.rules.size());
    for (std::uint32_t rule = 0; rule < data_.rules.size(); ++rule) {
      graph.rule_depth[rule] = depth_[rule_base_ + rule];
    }
    return graph;
  }

 private:
  enum State : std::uint8_t { kWhite, kGrey, kBlack };

  bool IsRule(std::uint32_t node) const { return node >= rule_base_; }

  // The nodes `node` leads to, at most 3 for a rule (its roots).
  std::span<const std::uint32_t> Next(std::uint32_t node, std::array<std::uint32_t, 3>* roots) const {
    if (IsRule(node)) {
      const RuleProgram& program = data_.rule_programs[node - rule_base_];
      std::size_t count = 0;
      for (std::uint32_t root : {program.when, program.unless, program.pack_unless}) {
        if (root != kNone) (*roots)[count++] = root;
      }
      return {roots->data(), count};
    }
    const ConditionOp& op = data_.ops[node];
    if (op.kind == NodeKind::kRule) {
      (*roots)[0] = rule_base_ + op.rule;
      return {roots->data(), 1};
    }
    if (op.kind == NodeKind::kNot || op.kind == NodeKind::kAnd || op.kind == NodeKind::kOr) {
      return {data_.operands.data() + op.first_operand, op.operand_count};
    }
    return {};
  }

  struct Frame {
    std::uint32_t node;
    std::size_t next;
    std::array<std::uint32_t, 3> roots;
  };

  void Visit(std::uint32_t start, ConditionGraph* graph) {
    if (state_[start] != kWhite) return;
    std::vector<Frame> stack = {{start, 0, {}}};
    state_[start] = kGrey;
    while (!stack.empty()) {
      Frame& frame = stack.back();
      const std::span<const std::uint32_t> next = Next(frame.node, &frame.roots);
      if (frame.next == next.size()) {
        Finish(frame.node, next, graph);
        stack.pop_back();
        continue;
      }
      const std::uint32_t target = next[frame.next++];
      if (state_[target] == kGrey) {
        graph->cycle = IsRule(target) ? target - rule_base_ : RuleOnStack(stack);
        return;
      }
      if (state_[target] == kWhite) {
        state_[target] = kGrey;
        stack.push_back({target, 0, {}});
      }
    }
  }

  void Finish(std::uint32_t node, std::span<const std::uint32_t> next, ConditionGraph* graph) {
    std::uint32_t deepest = 0;
    for (std::uint32_t target : next) deepest = std::max(deepest, depth_[target]);
    // A rule's roots are evaluated one after another, not nested in it, but
    // counting the rule itself keeps the bound safe and simple.
    depth_[node] = deepest == UINT32_MAX ? deepest : deepest + 1;
    state_[node] = kBlack;
    if (IsRule(node)) graph->rule_order.push_back(node - rule_base_);
  }

  // The innermost rule on the search path (an op cycle, which only a forged
  // file can hold, is reported at the rule that reaches it).
  std::uint32_t RuleOnStack(const std::vector<Frame>& stack) const {
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      if (IsRule(it->node)) return it->node - rule_base_;
    }
    return 0;
  }

  const ProgramData& data_;
  const std::uint32_t rule_base_;
  std::vector<State> state_;
  std::vector<std::uint32_t> depth_;
};

}  // namespace

ConditionGraph WalkConditionGraph(const ProgramData& data) { return Walk(data).Run(); }

}  // namespace bylaw::internal
