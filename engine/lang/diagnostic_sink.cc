// Diagnostic collection for the compile side: quoting source lines and
// suggesting names for typos.
#include "diagnostic_sink.h"

#include <algorithm>
#include <numeric>
#include <tuple>

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

void DiagnosticSink::Report(DiagnosticLevel level, const SourceLocation& location,
                            std::string message) {
  if (level == DiagnosticLevel::kError) ++errors_;
  diagnostics_.push_back(
      Diagnostic{level, location, std::move(message), std::string(Line(location.file, location.line))});
}

std::vector<Diagnostic> DiagnosticSink::Take() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.location.file, a.location.line, a.location.column) <
                            std::tie(b.location.file, b.location.line, b.location.column);
                   });
  errors_ = 0;
  return std::move(diagnostics_);
}

namespace {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
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
