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

// A place in a source file. Line and column are 1-based; 0 means unknown
// (a diagnostic about a whole file has line 0). Columns count bytes.
struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct Diagnostic {
  DiagnosticLevel level = DiagnosticLevel::kError;
  SourceLocation location;
  std::string message;      // lowercase, names the offending thing in `backticks`
  std::string source_line;  // the text of location.line, without its newline; may be empty;
                            // an escaped excerpt when the line is long or holds controls
  std::uint32_t caret_column = 0;  // where the caret stands in an excerpt; 0: location.column
};

// "error", "warning" or "note".
std::string_view LevelName(DiagnosticLevel level);

// The compiler display format:
//   file:line:col: error: message
//      41 |     when: blackout and promte
//         |                        ^
// The quoted line and caret are omitted when source_line is empty or the
// column is unknown. Ends with a newline.
std::string FormatDiagnostic(const Diagnostic& diagnostic);

// True when any diagnostic is an error.
bool HasErrors(const std::vector<Diagnostic>& diagnostics);

}  // namespace bylaw

#endif  // BYLAW_DIAGNOSTIC_H_
