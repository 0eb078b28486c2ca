// Pieces of self-contained HTML for reports: text escaped so that no
// document can inject markup, and bar charts as inline SVG (no script, no
// network).
#ifndef BYLAW_CLI_HTML_TEXT_H_
#define BYLAW_CLI_HTML_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bylaw::cli {

// Appends `text` for use in HTML text or a quoted attribute value: & < > "
// and ' as entities, invalid UTF-8 and control characters other than tab
// and newline as U+FFFD (they are not allowed in HTML).
void AppendHtml(std::string_view text, std::string* out);
std::string Html(std::string_view text);

// `text` percent-encoded for a URL's query (RFC 3986: all but letters,
// digits and -._~), so that a link built from document data can only ever
// be a query of the page itself.
std::string UrlQueryValue(std::string_view text);

struct Bar {
  std::string label;
  std::uint64_t value = 0;
  std::string css_class;  // fills the bar, e.g. "remove" or "shadow"
};

// A horizontal bar chart: one row per bar, its label on the left and its
// value after the bar; bars scaled to the largest value. `title` says what
// the chart counts: shown above it and named for screen readers.
void AppendBarChart(std::string_view title, const std::vector<Bar>& bars, std::string* out);

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_HTML_TEXT_H_
