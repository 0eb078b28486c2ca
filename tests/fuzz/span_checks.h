// Properties of text and spans that more than one harness checks.
#ifndef BYLAW_TESTS_FUZZ_SPAN_CHECKS_H_
#define BYLAW_TESTS_FUZZ_SPAN_CHECKS_H_

#include <string>
#include <string_view>
#include <vector>

#include "bylaw/document.h"
#include "bylaw/utf8.h"
#include "bylaw/verdict.h"

namespace bylaw::fuzz {

// Character boundaries of `text` as bylaw reads it: a well-formed UTF-8
// sequence is one character, every other byte is one U+FFFD. Computed here
// independently of text folding, which it checks.
inline std::vector<bool> Boundaries(std::string_view text) {
  std::vector<bool> boundary(text.size() + 1, false);
  for (std::size_t pos = 0; pos < text.size();) {
    boundary[pos] = true;
    const std::size_t length = Utf8CharLength(text.substr(pos));
    pos += length == 0 ? 1 : length;
  }
  boundary[text.size()] = true;
  return boundary;
}

inline bool IsValidUtf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t length = Utf8CharLength(text.substr(pos));
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

inline std::string CheckSpans(const Verdict& verdict, const Document& document) {
  for (const MatchSpan& span : verdict.spans) {
    if (span.field >= document.fields.size()) return "span names a field the document lacks";
    const std::string& text = document.fields[span.field].text;
    if (span.begin >= span.end) return "empty or reversed span";
    if (span.end > text.size()) return "span ends past its field";
    const std::vector<bool> boundary = Boundaries(text);
    if (!boundary[span.begin] || !boundary[span.end]) return "span splits a character";
  }
  return "";
}

}  // namespace bylaw::fuzz

#endif  // BYLAW_TESTS_FUZZ_SPAN_CHECKS_H_
