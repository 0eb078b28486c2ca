// `bylaw check RULES`: compile the rules, print every diagnostic, and
// summarize the program on one line.
#include <string>

#include <nlohmann/json.hpp>
#include <spdlog/fmt/fmt.h>

#include "args.h"
#include "bylaw/compiler.h"
#include "command_support.h"
#include "commands.h"
#include "diagnostic_json.h"

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

// The whole outcome as one JSON object: ok, counts, the diagnostics with
// their notes, and the program's sizes when it compiled.
std::string ReportJson(const LoadedRules& rules) {
  nlohmann::json program = nullptr;
  if (rules.program != nullptr) {
    const ProgramStats& stats = rules.program->stats();
    program = {{"ruleset", rules.program->hash()},    {"packs", stats.packs},
               {"rules", stats.rules},                {"terms", stats.terms},
               {"patterns", stats.patterns},          {"unique_patterns", stats.unique_patterns},
               {"databases", stats.databases},        {"database_bytes", stats.database_bytes},
               {"compile_seconds", stats.compile_seconds}};
  }
  return JsonLine({{"ok", rules.program != nullptr},
                   {"counts", {{"errors", rules.errors}, {"warnings", rules.warnings}}},
                   {"diagnostics", DiagnosticsJson(rules.diagnostics)},
                   {"program", std::move(program)}});
}

}  // namespace

int RunCheck(std::span<const std::string_view> args) {
  StrictRulesArguments arguments;
  bool json = false;
  ArgParser parser("bylaw check [OPTIONS] RULES",
                   "Compiles the rules, prints every error and warning to stderr, and a\n"
                   "one-line summary to stdout; with --format json, one JSON object on\n"
                   "stdout instead (ok, counts, every diagnostic with its code and notes,\n"
                   "the program's sizes), for editors and CI. Exits 1 if there is any error.");
  AddStrictRulesArguments(parser, &arguments);
  parser.AddChoice<bool>({"format", '\0', "", "output format"}, {{"text", false}, {"json", true}},
                         &json);
  if (auto exit = ParseCommandLine(parser, "check", args)) return *exit;

  const LoadedRules rules =
      LoadRulesStrictly(arguments, json ? DiagnosticDetail::kNone : DiagnosticDetail::kAll);
  if (json) {
    Write(stdout, ReportJson(rules));
    return rules.program == nullptr ? kExitRuleErrors : kExitOk;
  }
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
