// Compile side, lint: compiles the rules, runs every check of
// engine/compile/lint_checks.h over the rules as written and as compiled,
// and applies `# lint-ignore:` comments. The checks that read only what the
// author wrote (examples, regex repeats) live here.
#include "bylaw/lint.h"

#include <algorithm>
#include <tuple>

#include "compile/lint_checks.h"
#include "bylaw/rule_sources.h"

namespace bylaw {
namespace internal {
namespace {

std::string Quoted(std::string_view text) { return "`" + std::string(text) + "`"; }

// no-examples (a warning), or stable-no-examples (an error) for a rule its
// author calls `stable`: that claim rests on its examples, disabled or not.
void CheckExamples(const RuleSetSpec& spec, LintSink* sink) {
  for (const PackSpec& pack : spec.packs) {
    for (const RuleSpec& rule : pack.rules) {
      const bool stable = rule.provenance.maturity == Maturity::kStable;
      if (rule.status == RuleStatus::kDisabled && !stable) continue;
      const bool flag = !rule.flag_examples.empty(), pass = !rule.pass_examples.empty();
      if (flag && pass) continue;
      const std::string missing = !flag && !pass ? "no examples: add `flag` texts it must match "
                                                   "and `pass` texts it must not"
                                  : !flag ? "no `flag` example: add a text it must match"
                                          : "no `pass` example: add an innocent text that uses "
                                            "the same words and must not match";
      if (stable) {
        sink->Add(DiagnosticCode::kStableNoExamples, DiagnosticLevel::kError, rule.id.location,
                  "rule " + Quoted(rule.id.name) + " is `stable` but has " + missing +
                      " (or call it `test` until it has them)");
      } else {
        sink->Add(DiagnosticCode::kNoExamples, DiagnosticLevel::kWarning, rule.id.location,
                  "rule " + Quoted(rule.id.name) + " has " + missing);
      }
    }
  }
}

// The largest bound of a `{n}`, `{n,}` or `{n,m}` repeat outside character
// classes, and its text; 0 when there is none.
std::pair<long, std::string> LargestRepeat(std::string_view regex) {
  std::pair<long, std::string> largest{0, ""};
  bool in_class = false;
  for (std::size_t i = 0; i < regex.size(); ++i) {
    const char c = regex[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
    } else if (c == '{') {
      const std::size_t close = regex.find('}', i);
      if (close == std::string_view::npos) break;
      const std::string_view inside = regex.substr(i + 1, close - i - 1);
      if (inside.empty() || inside.size() > 12 ||
          inside.find_first_not_of("0123456789,") != std::string_view::npos ||
          inside.front() == ',' || std::count(inside.begin(), inside.end(), ',') > 1) {
        continue;
      }
      long bound = 0;
      for (const char digit : inside) bound = digit == ',' ? 0 : bound * 10 + (digit - '0');
      if (inside.back() == ',') bound = std::stol(std::string(inside.substr(0, inside.size() - 1)));
      if (bound > largest.first) largest = {bound, std::string(regex.substr(i, close - i + 1))};
      i = close;
    }
  }
  return largest;
}

void CheckRegexRepeats(const RuleSetSpec& spec, const LintOptions& options, LintSink* sink) {
  ForEachTermSpec(spec, [&](const TermSpec& term) {
    for (const PatternSpec& pattern : term.patterns) {
      if (pattern.kind != PatternSpec::Kind::kRegex) continue;
      const auto [bound, text] = LargestRepeat(pattern.text);
      if (bound <= options.max_regex_repeat) continue;
      sink->Add(DiagnosticCode::kRegexRepeat, DiagnosticLevel::kWarning, pattern.location,
                "regex " + Quoted(pattern.text) + " of term " + Quoted(term.name.name) +
                    " repeats up to " + std::to_string(bound) + " times (" + Quoted(text) +
                    "): large bounded repeats make big, slow Hyperscan databases, more so "
                    "with the start of match bylaw tracks; bound it at " +
                    std::to_string(options.max_regex_repeat) +
                    " or less, or split it and "
                    "join the parts with `near(...)`");
    }
  });
}

// Compile diagnostics become findings; a note joins the finding before it.
void AddCompileDiagnostics(const std::vector<Diagnostic>& diagnostics, LintSink* sink) {
  for (const Diagnostic& diagnostic : diagnostics) {
    std::vector<LintFinding>& findings = sink->findings();
    if (diagnostic.level == DiagnosticLevel::kNote && !findings.empty()) {
      findings.back().notes.push_back(diagnostic);
      continue;
    }
    sink->Add(LintFinding{diagnostic, {}});
  }
}

// `# lint-ignore: a, b` on the finding's line or the line above names its
// code, or says `compile` of a compiler's warning.
bool Ignored(const LintFinding& finding, const LintSink& sink) {
  const SourceLocation& at = finding.diagnostic.location;
  if (finding.diagnostic.level == DiagnosticLevel::kError || at.line == 0) return false;
  for (std::uint32_t line = at.line; line + 1 >= at.line && line > 0; --line) {
    const std::string_view text = sink.Line(at.file, line);
    const std::size_t marker = text.find("lint-ignore:");
    if (marker == std::string_view::npos || text.rfind('#', marker) == std::string_view::npos) {
      continue;
    }
    std::string names(text.substr(marker + 12));
    std::replace(names.begin(), names.end(), ',', ' ');
    std::istringstream words(names);
    for (std::string name; words >> name;) {
      if (name == finding.check() ||
          (name == "compile" && !CodeInfo(finding.diagnostic.code).lint_only)) {
        return true;
      }
    }
  }
  return false;
}

LintReport Lint(const std::vector<SourceFile>& sources, const CompileResult& compiled,
                const LintOptions& options) {
  DiagnosticSink lines;  // quotes lines; the loader's diagnostics are the compiler's too
  const RuleSetSpec spec = LoadRuleSet(sources, &lines);
  LintSink sink(lines);
  AddCompileDiagnostics(compiled.diagnostics, &sink);
  CheckExamples(spec, &sink);
  CheckRegexRepeats(spec, options, &sink);
  const std::optional<EverydayWords> words = EverydayWords::Load(options.word_list);
  if (words) {
    CheckInsideWords(spec, *words, options.compile.limits, &sink);
  } else {
    sink.Add(DiagnosticCode::kWordList, DiagnosticLevel::kWarning,
             SourceLocation{options.word_list, 0, 0},
             "cannot read the word list; checks against everyday words skipped (install "
             "Debian's `wamerican`)");
  }
  if (compiled.ok()) {
    const ProgramData& data = compiled.program->data();
    CheckConditions(data, options, &sink);
    if (words) CheckShortTerms(spec, data, *words, options, &sink);
  }
  LintReport report;
  report.compiled = compiled.ok();
  for (LintFinding& finding : sink.findings()) {
    if (Ignored(finding, sink)) {
      ++report.suppressed;
    } else {
      report.findings.push_back(std::move(finding));
    }
  }
  std::stable_sort(report.findings.begin(), report.findings.end(),
                   [](const LintFinding& a, const LintFinding& b) {
                     const SourceLocation& x = a.diagnostic.location;
                     const SourceLocation& y = b.diagnostic.location;
                     return std::tie(x.file, x.line, x.column) < std::tie(y.file, y.line, y.column);
                   });
  return report;
}

}  // namespace

Diagnostic LintSink::Make(DiagnosticLevel level, DiagnosticCode code, const SourceLocation& at,
                          std::string message) const {
  return MakeDiagnostic(level, code, at, std::move(message), lines_.Line(at.file, at.line));
}

void LintSink::Add(DiagnosticCode check, DiagnosticLevel level, const SourceLocation& at,
                   std::string message, std::vector<Diagnostic> notes) {
  findings_.push_back(LintFinding{Make(level, check, at, std::move(message)), std::move(notes)});
}

}  // namespace internal

LintReport LintSources(const std::vector<SourceFile>& sources, const LintOptions& options) {
  return internal::Lint(sources, CompileSources(sources, options.compile), options);
}

LintReport LintDirectory(const std::filesystem::path& rules_dir, const LintOptions& options) {
  // Read once, as `bylaw check` reads: compiled, then the checks of what the
  // author wrote run on the same text.
  const RuleSources sources = ReadRuleDirectory(rules_dir);
  return internal::Lint(sources.files, CompileRuleSources(sources, options.compile), options);
}

LintCounts CountFindings(const std::vector<LintFinding>& findings) {
  LintCounts counts;
  for (const LintFinding& finding : findings) {
    switch (finding.diagnostic.level) {
      case DiagnosticLevel::kError: ++counts.errors; break;
      case DiagnosticLevel::kWarning: ++counts.warnings; break;
      case DiagnosticLevel::kNote: ++counts.notes; break;
    }
  }
  return counts;
}

bool HasFindingsAtLeast(const std::vector<LintFinding>& findings, DiagnosticLevel level) {
  // Levels are declared most severe first.
  return std::any_of(findings.begin(), findings.end(), [level](const LintFinding& finding) {
    return finding.diagnostic.level <= level;
  });
}

}  // namespace bylaw
