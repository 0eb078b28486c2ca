// Compile side, after name resolution: the analyses over the graph of rules
// and the terms they read.
#ifndef BYLAW_COMPILE_RULE_GRAPH_H_
#define BYLAW_COMPILE_RULE_GRAPH_H_

#include "diagnostic_sink.h"
#include "program_data.h"

namespace bylaw::internal {

// Reports every cycle of rule(...) references. When the rule set has no
// errors at all (cycles included), fills in
// data->rules_of_term (each term -> the rules whose result can depend on
// it, through rule(...) too), every rule's evidence (terms not under `not`,
// including those of positively referenced rules),
// and evaluate_always / data->always_rules (rules that hold with no matches).
void AnalyzeRuleGraph(ProgramData* data, DiagnosticSink* sink);

}  // namespace bylaw::internal

#endif  // BYLAW_COMPILE_RULE_GRAPH_H_
