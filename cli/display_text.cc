// Escaping of document text for human-readable output (`bylaw scan`).
#include "display_text.h"

#include <cstddef>

namespace bylaw::cli {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length (1 to 4) of the well-formed UTF-8 sequence at `text[0]`, or 0.
std::size_t SequenceLength(std::string_view text) {
  const auto byte = [text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    low = lead == 0xE0 ? 0xA0 : low;    // overlong
    high = lead == 0xED ? 0x9F : high;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    low = lead == 0xF0 ? 0x90 : low;    // overlong
    high = lead == 0xF4 ? 0x8F : high;  // above U+10FFFF
  } else {
    return 0;
  }
  if (text.size() < length || byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
  }
  return length;
}

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
    const std::size_t length = SequenceLength(text.substr(i));
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
