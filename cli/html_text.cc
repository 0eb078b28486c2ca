// Escaping and inline SVG for the HTML report. See html_text.h.
#include "html_text.h"

#include <algorithm>
#include <cctype>

#include <spdlog/fmt/fmt.h>

#include "bylaw/utf8.h"

namespace bylaw::cli {
namespace {

constexpr int kLabelWidth = 260;  // px for the labels
constexpr int kBarWidth = 420;    // px for the longest bar
constexpr int kRowHeight = 22;

}  // namespace

void AppendHtml(std::string_view text, std::string* out) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t length = Utf8CharLength(text.substr(i));
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '"': out->append("&quot;"); break;
      case '\'': out->append("&#39;"); break;
      case '\t':
      case '\n': out->push_back(static_cast<char>(c)); break;
      default:
        if (length == 0 || c < 0x20 || c == 0x7F) {
          out->append("\xEF\xBF\xBD");  // U+FFFD
        } else {
          out->append(text.substr(i, length));
        }
    }
    i += length == 0 ? 1 : length;
  }
}

std::string Html(std::string_view text) {
  std::string out;
  AppendHtml(text, &out);
  return out;
}

std::string UrlQueryValue(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x80 && std::isalnum(u) != 0) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out += fmt::format("%{:02X}", u);
    }
  }
  return out;
}

void AppendBarChart(std::string_view title, const std::vector<Bar>& bars, std::string* out) {
  std::uint64_t largest = 1;
  for (const Bar& bar : bars) largest = std::max(largest, bar.value);
  const int height = static_cast<int>(bars.size()) * kRowHeight + 4;
  const int width = kLabelWidth + kBarWidth + 80;
  *out += "<p class=\"caption\">";
  AppendHtml(title, out);
  *out += "</p>\n";
  *out += fmt::format(
      "<svg class=\"chart\" role=\"img\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "xmlns=\"http://www.w3.org/2000/svg\"><title>",
      width, height, width, height);
  AppendHtml(title, out);
  *out += "</title>";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const int y = static_cast<int>(i) * kRowHeight + 2;
    const int length = static_cast<int>(static_cast<double>(bar.value) * kBarWidth /
                                         static_cast<double>(largest));
    *out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">",
                        kLabelWidth - 8, y + 15);
    AppendHtml(bar.label, out);
    *out += fmt::format(
        "</text><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"bar {}\"/>"
        "<text x=\"{}\" y=\"{}\" class=\"value\">{}</text>",
        kLabelWidth, y + 2, std::max(length, bar.value > 0 ? 2 : 0), kRowHeight - 6,
        Html(bar.css_class), kLabelWidth + length + 6, y + 15, bar.value);
  }
  *out += "</svg>\n";
}

}  // namespace bylaw::cli
