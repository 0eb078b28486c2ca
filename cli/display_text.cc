// Escaping of document text for human-readable output (`bylaw scan`).
#include "display_text.h"

#include <cstddef>

#include "bylaw/utf8.h"

namespace bylaw::cli {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

void AppendHexEscape(unsigned char c, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->append({'\\', 'x', kHex[c >> 4], kHex[c & 0xF]});
}

// Calls `special(c)` for each control character (C0 and DEL), and for '"'
// and '\\' when `quoting`; appends valid UTF-8 as it is and invalid bytes as
// U+FFFD.
template <typename Special>
void AppendFiltered(std::string_view text, bool quoting, std::string* out, Special special) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F || (quoting && (c == '"' || c == '\\'))) {
      special(c);
      ++i;
      continue;
    }
    const std::size_t length = Utf8CharLength(text.substr(i));
    if (length == 0) {
      out->append(kReplacement);
      ++i;
      continue;
    }
    out->append(text.substr(i, length));
    i += length;
  }
}

}  // namespace

void AppendQuoted(std::string_view text, std::string* out) {
  out->push_back('"');
  AppendFiltered(text, /*quoting=*/true, out, [out](unsigned char c) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default: AppendHexEscape(c, out);
    }
  });
  out->push_back('"');
}

void AppendDisplayed(std::string_view text, std::size_t continuation_indent,
                     std::string* out) {
  AppendFiltered(text, /*quoting=*/false, out, [out, continuation_indent](unsigned char c) {
    if (c == '\n') {
      out->push_back('\n');
      out->append(continuation_indent, ' ');
    } else if (c == '\t') {
      out->push_back('\t');
    } else {
      AppendHexEscape(c, out);
    }
  });
}

}  // namespace bylaw::cli
