// What the readers in adapters/ that decode escapes share (JSON `\uXXXX`,
// HTML entities, percent-encoded URIs): hex digits and the UTF-8 encoding
// of a code point. Private to adapters/.
#ifndef BYLAW_ADAPTERS_ESCAPE_CODES_H_
#define BYLAW_ADAPTERS_ESCAPE_CODES_H_

#include <cstdint>
#include <string>

namespace bylaw::internal {

// The value of a hex digit (either case), or -1.
inline int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends the UTF-8 encoding of `code`, a scalar value (at most U+10FFFF,
// not a surrogate: the caller checks).
inline void AppendUtf8Scalar(std::uint32_t code, std::string* out) {
  if (code < 0x80) {
    out->push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code >> 6)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

}  // namespace bylaw::internal

#endif  // BYLAW_ADAPTERS_ESCAPE_CODES_H_
