// Fuzzes the compile side end to end: the input is one pack (YAML) beside a
// fixed taxonomy; it is loaded (yaml-cpp), its conditions parsed (X3),
// resolved and compiled (Hyperscan, under tight compile limits so that a
// pathological pattern is an error, not a hang). Properties: a program
// exactly when there is no error, every diagnostic located in a source that
// exists, and a compiled program runs its examples and scans its own text
// with spans inside the document.
#include <algorithm>
#include <string>
#include <vector>

#include "bylaw/compiler.h"
#include "bylaw/scanner.h"
#include "fuzz_harness.h"
#include "span_checks.h"

namespace bylaw::fuzz {
namespace {

constexpr const char* kTaxonomy = R"(resources:
  - { id: online-challenges, title: Online challenges, url: "https://example.org/c" }
categories:
  - id: dangerous-acts-and-challenges
    title: Dangerous acts and challenges
    resources: [online-challenges]
  - id: frauds-and-scams
    title: Frauds and scams
)";

std::size_t LineCount(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

std::string CheckDiagnostics(const CompileResult& result, std::string_view pack) {
  bool errors = false;
  for (const Diagnostic& d : result.diagnostics) {
    errors |= d.level == DiagnosticLevel::kError;
    const std::string_view file = d.location.file;
    const std::size_t lines = file == "pack.yaml" ? LineCount(pack) : LineCount(kTaxonomy);
    if (file != "pack.yaml" && file != "taxonomy.yaml") return "diagnostic in unknown file";
    if (d.location.line > lines) return "diagnostic past the last line: " + FormatDiagnostic(d);
    if (d.message.empty()) return "diagnostic without a message";
    FormatDiagnostic(d);
  }
  if (errors == result.ok()) return "a program must be produced exactly when there is no error";
  return "";
}

// Tight limits, so that a pathological pattern is an error within seconds.
CompileOptions FuzzCompileOptions() {
  CompileOptions options;
  options.keep_going = true;  // exercise rule dropping too
  options.limits.max_pattern_bytes = 512;
  options.limits.hyperscan_seconds = 2;
  options.limits.hyperscan_memory_bytes = std::size_t{256} << 20;
  return options;
}

}  // namespace

std::string FuzzRulePack(std::string_view input) {
  const std::string pack(input);
  const CompileResult result =
      CompileSources({{"taxonomy.yaml", kTaxonomy}, {"pack.yaml", pack}}, FuzzCompileOptions());
  std::string problem = CheckDiagnostics(result, pack);
  if (!problem.empty() || !result.ok()) return problem;

  RunExamples(result.program);
  Scanner scanner(result.program);
  Document document;
  document.id = "self";
  document.AddField("text", pack);
  document.AddField("title", pack.substr(0, pack.size() / 2));
  return CheckSpans(scanner.Scan(document), document);
}

}  // namespace bylaw::fuzz

BYLAW_FUZZ_ENTRY(bylaw::fuzz::FuzzRulePack)
