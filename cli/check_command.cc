// `bylaw check RULES`: compile the rules, print every diagnostic, and
// summarize the program on one line.
#include <string>

#include <spdlog/fmt/fmt.h>

#include "args.h"
#include "bylaw/compiler.h"
#include "command_support.h"
#include "commands.h"

namespace bylaw::cli {
namespace {

// "ok: 3 packs, 12 rules, 40 terms, 95 patterns (71 unique), 2 databases,
// 1 warning, compiled in 53 ms"
std::string SuccessSummary(const LoadedRules& rules) {
  const ProgramStats& stats = rules.program->stats();
  return fmt::format("ok: {}, {}, {}, {} ({} unique), {}, {}, compiled in {:.0f} ms\n",
                     Counted(stats.packs, "pack"), Counted(stats.rules, "rule"),
                     Counted(stats.terms, "term"), Counted(stats.patterns, "pattern"),
                     stats.unique_patterns, Counted(stats.databases, "database"),
                     Counted(rules.warnings, "warning"), stats.compile_seconds * 1e3);
}

}  // namespace

int RunCheck(std::span<const std::string_view> args) {
  StrictRulesArguments arguments;
  ArgParser parser("bylaw check [OPTIONS] RULES",
                   "Compiles the rules, prints every error and warning to stderr, and a\n"
                   "one-line summary to stdout. Exits 1 if there is any error.");
  AddStrictRulesArguments(parser, &arguments);
  if (auto exit = ParseCommandLine(parser, "check", args)) return *exit;

  const LoadedRules rules = LoadRulesStrictly(arguments);
  if (rules.program == nullptr) {
    Write(stdout, fmt::format("failed: {}, {}{}\n", Counted(rules.errors, "error"),
                              Counted(rules.warnings, "warning"),
                              arguments.werror ? " (--werror)" : ""));
    return kExitRuleErrors;
  }
  Write(stdout, SuccessSummary(rules));
  return kExitOk;
}

}  // namespace bylaw::cli
