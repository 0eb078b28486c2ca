// Collects diagnostics during loading and compiling, and quotes the source
// line each one points at. Owned by one compile; not thread-safe.
#ifndef BYLAW_INTERNAL_DIAGNOSTIC_SINK_H_
#define BYLAW_INTERNAL_DIAGNOSTIC_SINK_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/diagnostic.h"

namespace bylaw::internal {

class DiagnosticSink {
 public:
  // With `warnings_as_errors`, every warning is reported as an error.
  explicit DiagnosticSink(bool warnings_as_errors = false)
      : warnings_as_errors_(warnings_as_errors) {}

  // Registers a file's text so that diagnostics in it can quote their line.
  void AddSource(const std::string& path, std::string_view text);

  // Records a diagnostic. Its message has control characters escaped and is
  // cut to a few hundred bytes; the quoted source line is an escaped excerpt
  // of at most 120 bytes around the column. Every diagnostic has a code; a
  // note takes the code of the diagnostic it explains. Throws bylaw::Error
  // for kNone: that is a defect of bylaw, which tests catch.
  void Report(DiagnosticLevel level, DiagnosticCode code, SourceLocation location,
              std::string message);
  void Error(DiagnosticCode code, const SourceLocation& location, std::string message) {
    Report(DiagnosticLevel::kError, code, location, std::move(message));
  }
  void Warning(DiagnosticCode code, const SourceLocation& location, std::string message) {
    Report(DiagnosticLevel::kWarning, code, location, std::move(message));
  }
  void Note(DiagnosticCode code, const SourceLocation& location, std::string message) {
    Report(DiagnosticLevel::kNote, code, location, std::move(message));
  }

  bool has_errors() const { return errors_ > 0; }
  // All diagnostics, sorted by file and position (stable for equal places).
  std::vector<Diagnostic> Take();
  // Line `line` (1-based) of `path`, without its newline; empty if unknown.
  std::string_view Line(const std::string& path, std::uint32_t line) const;

 private:
  struct Source {
    std::string text;
    std::vector<std::size_t> line_starts;
  };
  std::map<std::string, Source, std::less<>> sources_;
  std::vector<Diagnostic> diagnostics_;
  std::size_t errors_ = 0;
  bool warnings_as_errors_ = false;
};

// A diagnostic quoting `line`, the text of location.line, as Report does:
// the message escaped and bounded, the line an escaped excerpt. Throws
// bylaw::Error when `code` is kNone.
Diagnostic MakeDiagnostic(DiagnosticLevel level, DiagnosticCode code, SourceLocation location,
                          std::string message, std::string_view line);

// The closest candidate to `word` within a small edit distance, or "".
std::string SuggestName(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean `x`?)" or "" when there is no close candidate.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace bylaw::internal

#endif  // BYLAW_INTERNAL_DIAGNOSTIC_SINK_H_
