// The one display format for diagnostics, the one compilers use. Pinned by
// golden tests (tests/testdata/diagnostics/).
#include "bylaw/diagnostic.h"

#include <algorithm>
#include <string>

namespace bylaw {
namespace {

// Columns count bytes; the caret is indented by the number of characters
// before it (tabs kept as tabs) so it lines up under UTF-8 text.
std::string CaretPadding(std::string_view line, std::uint32_t column) {
  std::string padding;
  const std::size_t end = std::min<std::size_t>(column - 1, line.size());
  for (std::size_t i = 0; i < end; ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte: same character
    padding += c == '\t' ? '\t' : ' ';
  }
  return padding;
}

}  // namespace

std::string_view LevelName(DiagnosticLevel level) {
  switch (level) {
    case DiagnosticLevel::kError: return "error";
    case DiagnosticLevel::kWarning: return "warning";
    case DiagnosticLevel::kNote: return "note";
  }
  return "error";
}

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = d.location.file;
  if (d.location.line > 0) {
    out += ':' + std::to_string(d.location.line);
    if (d.location.column > 0) out += ':' + std::to_string(d.location.column);
  }
  out += ": ";
  out += LevelName(d.level);
  if (d.level != DiagnosticLevel::kNote) {
    out += '[';
    out += CodeName(d.code);
    out += ']';
  }
  out += ": ";
  out += d.message;
  out += '\n';
  if (d.source_line.empty() || d.location.line == 0 || d.location.column == 0) return out;
  const std::string number = std::to_string(d.location.line);
  const std::string gutter(std::max<std::size_t>(number.size(), 4), ' ');
  out += gutter.substr(number.size()) + number + " | " + d.source_line + '\n';
  const std::uint32_t caret = d.caret_column > 0 ? d.caret_column : d.location.column;
  out += gutter + " | " + CaretPadding(d.source_line, caret) + "^\n";
  return out;
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.level == DiagnosticLevel::kError; });
}

}  // namespace bylaw
