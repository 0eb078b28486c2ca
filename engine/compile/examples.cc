// Compile side, after the compile: runs the examples every rule carries
// (`bylaw test`), each as a document of its own against the whole program.
#include <algorithm>

#include "bylaw/compiler.h"
#include "bylaw/scanner.h"
#include "program_data.h"

namespace bylaw {
namespace {

bool RuleMatched(const Verdict& verdict, std::uint32_t rule) {
  auto is_rule = [rule](const RuleMatch& match) { return match.rule == rule; };
  return std::any_of(verdict.live.begin(), verdict.live.end(), is_rule) ||
         std::any_of(verdict.shadow.begin(), verdict.shadow.end(), is_rule);
}

std::string Describe(const Document& document) {
  std::string text;
  for (const Field& field : document.fields) {
    if (!text.empty()) text += ", ";
    text += field.name + ": \"" + field.text + "\"";
  }
  return text;
}

}  // namespace

ExampleReport RunExamples(const std::shared_ptr<const Program>& program,
                          std::string_view rule_id) {
  ExampleReport report;
  Scanner scanner(program);
  for (const internal::RuleExample& example : program->data().examples) {
    const RuleInfo& rule = program->rules()[example.rule];
    if (rule.status == RuleStatus::kDisabled || (!rule_id.empty() && rule.id != rule_id)) continue;
    const bool matched = RuleMatched(scanner.Scan(example.document), example.rule);
    if (matched == example.expect_flag) {
      ++report.passed;
      continue;
    }
    ++report.failed;
    Diagnostic failure;
    failure.code = DiagnosticCode::kExampleFailed;
    failure.location = example.location;
    failure.source_line = example.source_line;
    failure.message = "rule `" + rule.id + "` " +
                      (example.expect_flag ? "does not match its `flag` example "
                                           : "matches its `pass` example ") +
                      Describe(example.document);
    report.failures.push_back(std::move(failure));
  }
  return report;
}

}  // namespace bylaw
