// Tests for engine/compile/rule_graph.cc and engine/runtime/condition_graph.cc:
// the analyses over rule() references stay linear in the rules, walk with
// their own stacks, and bound how deep evaluation may nest.
#include "compile/rule_graph.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "condition_graph.h"
#include "test_rules.h"

namespace bylaw::internal {
namespace {

using ::testing::HasSubstr;

// `count` rules, rule i's condition `rule(i + 1)`, the last one's the term 0
// (or, with `cycle`, `rule(0)`): built as tables, so that the walks are
// tested on chains far longer than a stack could recurse through.
ProgramData Chain(std::uint32_t count, bool cycle = false) {
  ProgramData data;
  data.term_names = {"t"};
  for (std::uint32_t i = 0; i < count; ++i) {
    RuleInfo info;
    info.id = "r" + std::to_string(i);
    data.rules.push_back(info);
    ConditionOp op;
    if (i + 1 < count) {
      op.kind = NodeKind::kRule;
      op.rule = i + 1;
    } else if (cycle) {
      op.kind = NodeKind::kRule;
      op.rule = 0;
    } else {
      op.kind = NodeKind::kTerm;
      op.term = 0;
    }
    data.ops.push_back(op);
    RuleProgram program;
    program.when = i;
    data.rule_programs.push_back(program);
  }
  return data;
}

TEST(ConditionGraph, WalksAChainOfAMillionRulesWithoutRecursing) {
  const ProgramData data = Chain(1'000'000);
  const ConditionGraph graph = WalkConditionGraph(data);
  EXPECT_EQ(graph.cycle, kNone);
  ASSERT_EQ(graph.rule_order.size(), data.rules.size());
  EXPECT_EQ(graph.rule_order.front(), 999'999u);  // referenced before referencing
  EXPECT_EQ(graph.rule_order.back(), 0u);
  EXPECT_EQ(graph.rule_depth[999'999], 2u);  // the rule and its term
  EXPECT_EQ(graph.rule_depth[0], 2'000'000u);
  EXPECT_EQ(WalkConditionGraph(Chain(1'000'000, true)).cycle, 0u);
}

TEST(RuleGraph, ReportsALongChainOnceAtItsDeepestRuleAndACycleWithoutRecursing) {
  ProgramData chain = Chain(200'000);
  DiagnosticSink sink;
  AnalyzeRuleGraph(&chain, &sink);
  const std::vector<Diagnostic> diagnostics = sink.Take();
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].message,
            "rule `r0` nests 400000 levels of conditions and rule() references; the limit is 1024");

  ProgramData cycle = Chain(200'000, true);
  AnalyzeRuleGraph(&cycle, &sink);
  ASSERT_EQ(sink.Take().size(), 1u);
}

// `rule(a) and rule(a)`, 40 levels: without a memo the evidence walk visits
// the bottom rule 2^40 times.
TEST(RuleGraph, WalksASharedReferenceOncePerRule) {
  std::string rules = "  - { id: r0, when: 'gift and not urgent' }\n";
  for (int i = 1; i <= 40; ++i) {
    const std::string below = "r" + std::to_string(i - 1);
    rules += "  - { id: r" + std::to_string(i) + ", when: 'rule(" + below + ") and rule(" + below +
             ")' }\n";
  }
  const CompileResult result = test::CompilePacks({test::FraudPack(rules)});
  ASSERT_TRUE(result.ok()) << test::FormatAll(result.diagnostics);
  const ProgramData& data = result.program->data();
  const RuleProgram& top = data.rule_programs[result.program->FindRule("r40")];
  ASSERT_EQ(top.evidence.size(), 1u);  // gift; urgent is under `not`
  EXPECT_EQ(data.term_names[top.evidence[0].term], "gift");
  Scanner scanner(result.program);
  EXPECT_THAT(test::LiveRules(scanner.Scan(test::TextDocument("a gift card"))),
              ::testing::Contains("r40"));
}

// Evidence through `not rule(x)`: what x shows under `not` becomes evidence.
TEST(RuleGraph, EvidenceThroughANegatedReferenceFlipsItsNots) {
  const CompileResult result = test::CompilePacks({test::FraudPack(
      "  - { id: inner, when: 'gift and not urgent' }\n"
      "  - { id: outer, when: 'wire and not rule(inner)' }\n")});
  ASSERT_TRUE(result.ok()) << test::FormatAll(result.diagnostics);
  const ProgramData& data = result.program->data();
  std::vector<std::string> terms;
  for (const Evidence& evidence : data.rule_programs[result.program->FindRule("outer")].evidence) {
    terms.push_back(data.term_names[evidence.term]);
  }
  EXPECT_THAT(terms, ::testing::UnorderedElementsAre("wire", "urgent"));
}

TEST(RuleGraph, ADeepChainOfRulesIsAnErrorAtTheDeepestRule) {
  std::string rules = "  - { id: r0, when: gift }\n";
  for (int i = 1; i <= 1100; ++i) {
    rules += "  - { id: r" + std::to_string(i) + ", when: 'rule(r" + std::to_string(i - 1) + ")' }\n";
  }
  const CompileResult result = test::CompilePacks({test::FraudPack(rules)});
  EXPECT_FALSE(result.ok());
  EXPECT_THAT(test::FormatAll(result.diagnostics),
              HasSubstr("error[nesting-too-deep]: rule `r1100` nests 2202 levels of conditions and rule() "
                        "references; the limit is 1024"));
}

}  // namespace
}  // namespace bylaw::internal
