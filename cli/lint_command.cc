// `bylaw lint RULES_DIR`: a reviewer's warnings on rules that compile
// (bylaw/lint.h), as text for people or JSON for editors and CI.
#include <string>

#include <nlohmann/json.hpp>
#include <spdlog/fmt/fmt.h>

#include "args.h"
#include "bylaw/lint.h"
#include "command_support.h"
#include "commands.h"
#include "diagnostic_json.h"

namespace bylaw::cli {
namespace {

struct LintArgs {
  std::string rules_dir;
  bool json = false;
  DiagnosticLevel severity = DiagnosticLevel::kWarning;
  std::string word_list = LintOptions{}.word_list;
};

// The compiler's display format, the check's name being the code.
std::string FormatFinding(const LintFinding& finding) {
  std::string text = FormatDiagnostic(finding.diagnostic);
  for (const Diagnostic& note : finding.notes) text += FormatDiagnostic(note);
  return text;
}

std::string ReportJson(const LintReport& report, DiagnosticLevel shown) {
  nlohmann::json findings = nlohmann::json::array();
  for (const LintFinding& finding : report.findings) {
    if (finding.diagnostic.level > shown) continue;
    nlohmann::json item = DiagnosticJson(finding.diagnostic);
    item["check"] = finding.check();
    item["notes"] = nlohmann::json::array();
    for (const Diagnostic& note : finding.notes) item["notes"].push_back(DiagnosticJson(note));
    findings.push_back(std::move(item));
  }
  const LintCounts counts = CountFindings(report.findings);
  const nlohmann::json json = {
      {"findings", std::move(findings)},
      {"counts", {{"errors", counts.errors}, {"warnings", counts.warnings}, {"notes", counts.notes}}},
      {"suppressed", report.suppressed},
      {"compiled", report.compiled}};
  return JsonLine(json);
}

std::string ReportText(const LintReport& report, DiagnosticLevel shown) {
  std::string text;
  for (const LintFinding& finding : report.findings) {
    if (finding.diagnostic.level <= shown) text += FormatFinding(finding);
  }
  const LintCounts counts = CountFindings(report.findings);
  text += fmt::format("lint: {}, {}, {}", Counted(counts.errors, "error"),
                      Counted(counts.warnings, "warning"), Counted(counts.notes, "note"));
  if (report.suppressed != 0) text += fmt::format(" ({} by lint-ignore)", report.suppressed);
  return text + (report.compiled ? "\n" : "; the rules do not compile, so some checks did not run\n");
}

}  // namespace

int RunLint(std::span<const std::string_view> arg_list) {
  LintArgs args;
  ArgParser parser(
      "bylaw lint [OPTIONS] RULES_DIR",
      "Reports, beyond compile errors, what a careful reviewer would: patterns that\n"
      "match inside everyday words (Scunthorpe), short everyday words that fire a rule\n"
      "alone, unused terms, rules without `flag` or `pass` examples, conditions that\n"
      "never or always hold, rules a stricter rule makes pointless, and large regex\n"
      "repeats. Each finding names its check; `# lint-ignore: CHECK` on its line or\n"
      "the line above silences it. Exits 1 if a finding at --severity or above\n"
      "remains, 0 if none, 2 on a usage error.");
  parser.AddPositional("RULES_DIR",
                       "folder holding taxonomy.yaml and the packs, or one pack file in it",
                       &args.rules_dir);
  parser.AddChoice<bool>({"format", '\0', "", "output format"}, {{"text", false}, {"json", true}},
                         &args.json);
  parser.AddChoice<DiagnosticLevel>(
      {"severity", '\0', "", "show and fail on findings at this level or above"},
      {{"error", DiagnosticLevel::kError},
       {"warning", DiagnosticLevel::kWarning},
       {"note", DiagnosticLevel::kNote}},
      &args.severity);
  parser.AddOption({"word-list", '\0', "FILE", "everyday words, one per line"}, &args.word_list);
  if (auto exit = ParseCommandLine(parser, "lint", arg_list)) return *exit;
  CheckRulesPath(args.rules_dir);
  LintOptions options;
  options.word_list = args.word_list;
  const LintReport report = LintDirectory(args.rules_dir, options);
  Write(stdout, args.json ? ReportJson(report, args.severity) : ReportText(report, args.severity));
  return HasFindingsAtLeast(report.findings, args.severity) ? kExitRuleErrors : kExitOk;
}

}  // namespace bylaw::cli
