// `bylaw test RULES`: compile the rules and run the examples they carry
// (every `flag` example must match its rule, every `pass` example must not).
#include <string>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "args.h"
#include "bylaw/compiler.h"
#include "bylaw/diagnostic.h"
#include "command_support.h"
#include "commands.h"

namespace bylaw::cli {

int RunTest(std::span<const std::string_view> args) {
  StrictRulesArguments arguments;
  std::string rule;
  ArgParser parser("bylaw test [OPTIONS] RULES",
                   "Compiles the rules and scans every example they carry: a `flag` example\n"
                   "must make its rule match, a `pass` example must not. Prints each failure\n"
                   "and ends with \"N passed, M failed\". RULES may be one pack file, tested\n"
                   "with the taxonomy beside it. Exits 1 on any failure or rule error, 5 when\n"
                   "no example was run, 2 for an unknown --rule.");
  AddStrictRulesArguments(parser, &arguments);
  parser.AddOption({"rule", '\0', "ID", "run the examples of rule ID only"}, &rule);
  if (auto exit = ParseCommandLine(parser, "test", args)) return *exit;

  const LoadedRules rules = LoadRulesStrictly(arguments);
  if (rules.program == nullptr) {
    Write(stderr, "bylaw test: examples not run: " + RulesHaveErrors(rules, arguments.werror) +
                      "\n");
    return kExitRuleErrors;
  }
  if (const std::string unknown = rule.empty() ? "" : UnknownRule(*rules.program, rule);
      !unknown.empty()) {
    Write(stderr, "bylaw test: " + unknown + "\n");
    return kExitUsage;
  }
  const ExampleReport report = RunExamples(rules.program, rule);
  if (report.passed + report.failed == 0) {
    Write(stderr, "bylaw test: no example was run: " +
                      (rule.empty() ? std::string("the rules carry no `flag` or `pass` example")
                                    : "rule `" + rule + "` carries none, or is disabled") +
                      "\n");
    return kExitBadInput;
  }
  std::string failures;
  for (const Diagnostic& failure : report.failures) failures += FormatDiagnostic(failure);
  Write(stderr, failures);
  spdlog::debug("ran {} examples", report.passed + report.failed);
  Write(stdout, fmt::format("{} passed, {} failed\n", report.passed, report.failed));
  return report.failed == 0 ? kExitOk : kExitRuleErrors;
}

}  // namespace bylaw::cli
