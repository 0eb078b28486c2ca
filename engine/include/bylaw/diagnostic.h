// Diagnostics: a rule author's mistakes, as values.
//
// Loading and compiling never throw for a mistake in the rules; they collect
// every problem as a Diagnostic and keep going, so one run shows all of them.
#ifndef BYLAW_DIAGNOSTIC_H_
#define BYLAW_DIAGNOSTIC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bylaw {

enum class DiagnosticLevel : std::uint8_t { kError, kWarning, kNote };

// What kind of mistake a diagnostic reports: a stable identity that tests,
// editors, CI and `# lint-ignore:` comments can rely on while the wording of
// messages changes. The codes of `bylaw lint`'s checks are among them. Each
// has a kebab-case name, a usual level and a one-line summary in the table
// of DiagnosticCodes(); rules/README.md documents the same table.
// kNone is what a default-constructed Diagnostic holds; nothing reports it.
enum class DiagnosticCode : std::uint8_t {
  kNone,
  // Reading the rules.
  kUnreadableFile,
  kSymlinkRefused,
  kEmptyFile,
  // YAML.
  kYamlSyntax,
  kYamlUnquotedHashtag,
  kYamlTabIndent,
  kYamlAliasExpansion,
  // The shape of packs, vocabularies and the taxonomy.
  kUnknownKey,
  kDuplicateKey,
  kMissingKey,
  kWrongType,
  kUnknownValue,
  kInvalidValue,
  kInvalidName,
  kPatternKind,
  kPatternOptions,
  kEmptyTerm,
  // Names across files.
  kDuplicateId,
  kDuplicateTerm,
  kKeywordTerm,
  kUnknownCategory,
  kUnknownResource,
  kUnknownVocabulary,
  kDuplicateImport,
  kUnusedImport,
  kUnusedTerm,
  kNoTaxonomy,
  // Conditions.
  kConditionSyntax,
  kUnknownTerm,
  kUnknownRule,
  kImpossibleCount,
  kDisabledRuleReference,
  kRuleCycle,
  kNestingTooDeep,
  // Patterns.
  kEmptyPattern,
  kBadRegex,
  kRegexEmpty,
  kFuzzyIgnored,
  kHyperscanRejected,
  kCompileLimit,
  kRuleDropped,
  // Examples.
  kExampleFailed,
  // Lint checks.
  kInsideWords,
  kShortTerm,
  kNoExamples,
  kStableNoExamples,
  kNeverMatches,
  kAlwaysMatches,
  kMatchesNothing,
  kUnreachable,
  kRegexRepeat,
  kWordList,
  // Formatting (`bylaw fmt`).
  kFormatRefused,
};

// A row of the table of codes.
struct DiagnosticCodeInfo {
  DiagnosticCode code;
  std::string_view name;     // kebab-case, shown as `error[name]`
  DiagnosticLevel level;     // the usual level (a warning may be made an error)
  bool lint_only;            // reported by `bylaw lint` only, not by every compile
  std::string_view summary;  // one line: what is wrong
};

// Every code but kNone, in the order of the enum.
const std::vector<DiagnosticCodeInfo>& DiagnosticCodes();

// The row of `code`; kNone has the name "none".
const DiagnosticCodeInfo& CodeInfo(DiagnosticCode code);

// "unknown-term" for kUnknownTerm; "none" for kNone.
std::string_view CodeName(DiagnosticCode code);

// The code named `name`, or kNone.
DiagnosticCode FindDiagnosticCode(std::string_view name);

// A place in a source file. Line and column are 1-based; 0 means unknown
// (a diagnostic about a whole file has line 0). Columns count bytes.
struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct Diagnostic {
  DiagnosticLevel level = DiagnosticLevel::kError;
  DiagnosticCode code = DiagnosticCode::kNone;  // a note has the code of what it explains
  SourceLocation location;
  std::string message;      // lowercase, names the offending thing in `backticks`
  std::string source_line;  // the text of location.line, without its newline; may be empty;
                            // an escaped excerpt when the line is long or holds controls
  std::uint32_t caret_column = 0;  // where the caret stands in an excerpt; 0: location.column
};

// "error", "warning" or "note".
std::string_view LevelName(DiagnosticLevel level);

// The compiler display format:
//   file:line:col: error[unknown-term]: message
//      41 |     when: blackout and promte
//         |                        ^
// The quoted line and caret are omitted when source_line is empty or the
// column is unknown. A note shows no code. Ends with a newline.
std::string FormatDiagnostic(const Diagnostic& diagnostic);

// True when any diagnostic is an error.
bool HasErrors(const std::vector<Diagnostic>& diagnostics);

}  // namespace bylaw

#endif  // BYLAW_DIAGNOSTIC_H_
