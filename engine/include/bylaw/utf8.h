// UTF-8 well-formedness, shared by everything that reads raw document bytes:
// text folding, the verdict JSON writer, the CLI's display and the adapters.
#ifndef BYLAW_UTF8_H_
#define BYLAW_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace bylaw {

// Length (1 to 4) of the well-formed UTF-8 character that starts `text`, or
// 0 when `text` is empty or does not start with one: a stray continuation
// byte, a truncated sequence, an overlong form, a surrogate (ED A0..BF) or a
// value above U+10FFFF (RFC 3629).
inline std::size_t Utf8CharLength(std::string_view text) {
  if (text.empty()) return 0;
  const auto byte = [text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;  // the second byte's range excludes overlong
  unsigned char high = 0xBF;  // forms, surrogates and values past U+10FFFF
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (text.size() < length || byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
  }
  return length;
}

// Whether any of the eight bytes of `text` at `at` (which must hold them) is
// not plain JSON string content: a byte >= 0x80 (UTF-8 to check), a control
// character, '"' or '\\'. Exact; lets the JSON reader and writer pass over
// plain ASCII a word at a time.
inline bool AnyJsonSpecialByte(std::string_view text, std::size_t at) {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  constexpr std::uint64_t kHigh = 0x8080808080808080;
  std::uint64_t word;
  std::memcpy(&word, text.data() + at, sizeof(word));
  const auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHigh;
  return ((word & kHigh) | below_space | has_zero(word ^ (kOnes * '"')) |
          has_zero(word ^ (kOnes * '\\'))) != 0;
}

}  // namespace bylaw

#endif  // BYLAW_UTF8_H_
