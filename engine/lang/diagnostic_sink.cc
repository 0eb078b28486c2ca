// Diagnostic collection for the compile side: quoting source lines and
// suggesting names for typos.
#include "diagnostic_sink.h"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "bylaw/error.h"
#include "bylaw/log_text.h"

namespace bylaw::internal {

void DiagnosticSink::AddSource(const std::string& path, std::string_view text) {
  Source source{std::string(text), {0}};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') source.line_starts.push_back(i + 1);
  }
  sources_.insert_or_assign(path, std::move(source));
}

std::string_view DiagnosticSink::Line(const std::string& path, std::uint32_t line) const {
  auto it = sources_.find(path);
  if (it == sources_.end() || line == 0 || line > it->second.line_starts.size()) return {};
  const Source& source = it->second;
  std::string_view text = source.text;
  const std::size_t begin = source.line_starts[line - 1];
  std::size_t end = line < source.line_starts.size() ? source.line_starts[line] - 1 : text.size();
  if (end > begin && text[end - 1] == '\r') --end;
  return text.substr(begin, end - begin);
}

namespace {

constexpr std::size_t kExcerptBefore = 60;   // escaped bytes of a quoted line before the column
constexpr std::size_t kExcerptBytes = 120;   // escaped bytes of a quoted line in all
constexpr std::size_t kMessageBytes = 1000;  // a message's length, quotes included

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Bytes `c` may take once escaped by LogSafe (a control: \xNN; a byte of
// invalid UTF-8: U+FFFD), at most.
std::size_t EscapedWidth(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7F ? 4 : byte >= 0x80 ? 3 : 1;
}

// An escaped excerpt of `line` around byte `column` (1-based): at most
// kExcerptBefore escaped bytes before it and kExcerptBytes in all, cut on
// UTF-8 boundaries; *caret is where `column` stands in it.
std::string Excerpt(std::string_view line, std::uint32_t column, std::uint32_t* caret) {
  if (line.empty()) return "";
  const std::size_t at = std::min<std::size_t>(column > 0 ? column - 1 : 0, line.size());
  std::size_t begin = at;
  for (std::size_t before = 0; begin > 0 && before < kExcerptBefore;) before += EscapedWidth(line[--begin]);
  while (begin < at && IsContinuation(line[begin])) ++begin;
  const std::string_view lead = begin > 0 ? "..." : "";
  std::string excerpt = std::string(lead) + LogSafe(line.substr(begin), kExcerptBytes);
  if (column > 0 && excerpt != line) {
    *caret = static_cast<std::uint32_t>(lead.size() + LogSafe(line.substr(begin, at - begin)).size() + 1);
  }
  return excerpt;
}

}  // namespace

Diagnostic MakeDiagnostic(DiagnosticLevel level, DiagnosticCode code, SourceLocation location,
                          std::string message, std::string_view line) {
  // A diagnostic without a code would escape every tool that sorts by code.
  if (code == DiagnosticCode::kNone) throw Error("diagnostic without a code: " + message);
  Diagnostic diagnostic{level, code, std::move(location), LogSafe(message, kMessageBytes), ""};
  // The line is quoted as an excerpt: a file that is not YAML at all (a
  // symlink's target, a binary) must not be copied into a CI log.
  diagnostic.source_line = Excerpt(line, diagnostic.location.column, &diagnostic.caret_column);
  return diagnostic;
}

void DiagnosticSink::Report(DiagnosticLevel level, DiagnosticCode code, SourceLocation location,
                            std::string message) {
  if (level == DiagnosticLevel::kWarning && warnings_as_errors_) level = DiagnosticLevel::kError;
  const std::string_view line = Line(location.file, location.line);
  diagnostics_.push_back(
      MakeDiagnostic(level, code, std::move(location), std::move(message), line));
  if (level == DiagnosticLevel::kError) ++errors_;
}

// Sorted by place; a note stays right after the diagnostic it explains.
std::vector<Diagnostic> DiagnosticSink::Take() {
  std::vector<std::vector<Diagnostic>> groups;
  for (Diagnostic& d : diagnostics_) {
    if (d.level != DiagnosticLevel::kNote || groups.empty()) groups.emplace_back();
    groups.back().push_back(std::move(d));
  }
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    const SourceLocation& x = a.front().location;
    const SourceLocation& y = b.front().location;
    return std::tie(x.file, x.line, x.column) < std::tie(y.file, y.line, y.column);
  });
  std::vector<Diagnostic> sorted;
  for (auto& group : groups) {
    for (Diagnostic& d : group) sorted.push_back(std::move(d));
  }
  diagnostics_.clear();
  errors_ = 0;
  return sorted;
}

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions
// and transpositions of neighbours (`lable` -> `label` is one edit).
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    before.swap(previous);
    previous.swap(row);
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
    }
  }
  return row[b.size()];
}

}  // namespace

std::string SuggestName(std::string_view word, const std::vector<std::string>& candidates) {
  const std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, word.size() / 3));
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = EditDistance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string best = SuggestName(word, candidates);
  return best.empty() ? std::string() : " (did you mean `" + best + "`?)";
}

}  // namespace bylaw::internal
