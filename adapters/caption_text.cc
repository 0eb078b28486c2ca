// Cue timings and payload text for the caption parser.
#include "caption_text.h"

#include <array>
#include <cctype>
#include <cstdint>

#include "escape_codes.h"

namespace bylaw::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// Reads a run of digits at the front of `text` into *value; false if none or
// more than 9 (hours beyond a million are not captions).
bool TakeNumber(std::string_view* text, std::int64_t* value, std::size_t* digits) {
  std::size_t n = 0;
  *value = 0;
  while (n < text->size() && IsDigit((*text)[n])) {
    if (n == 9) return false;
    *value = *value * 10 + ((*text)[n] - '0');
    ++n;
  }
  text->remove_prefix(n);
  *digits = n;
  return n > 0;
}

// "[H+:]MM:SS[.,]mmm" at the front of `text`, consumed.
std::optional<std::int64_t> TakeTimestamp(std::string_view* text) {
  std::array<std::int64_t, 3> parts{};
  std::array<std::size_t, 3> digits{};
  std::size_t count = 0;
  while (true) {
    if (count == parts.size() || !TakeNumber(text, &parts[count], &digits[count])) {
      return std::nullopt;
    }
    ++count;
    if (text->empty() || (*text)[0] != ':') break;
    text->remove_prefix(1);
  }
  if (count < 2 || text->empty() || ((*text)[0] != '.' && (*text)[0] != ',')) return std::nullopt;
  text->remove_prefix(1);
  std::int64_t ms = 0;
  std::size_t ms_digits = 0;
  if (!TakeNumber(text, &ms, &ms_digits) || ms_digits != 3) return std::nullopt;
  const std::int64_t hours = count == 3 ? parts[0] : 0;
  const std::int64_t minutes = parts[count - 2];
  const std::int64_t seconds = parts[count - 1];
  if (digits[count - 2] != 2 || digits[count - 1] != 2 || minutes > 59 || seconds > 59) {
    return std::nullopt;
  }
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

void SkipSpaces(std::string_view* text) {
  while (!text->empty() && IsSpace((*text)[0])) text->remove_prefix(1);
}

// Appends the UTF-8 encoding of `code`, or U+FFFD for what is not a scalar value.
void AppendUtf8(std::uint32_t code, std::string* out) {
  if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF) || code == 0) code = 0xFFFD;
  AppendUtf8Scalar(code, out);
}

// Decodes the entity at the front of `text` (which starts with '&') into
// `out` and returns its length, or 0 when it is not one we know.
std::size_t DecodeEntity(std::string_view text, std::string* out) {
  struct Named {
    std::string_view name;
    std::string_view text;
  };
  static constexpr std::array<Named, 8> kNamed = {{{"&amp;", "&"},
                                                   {"&lt;", "<"},
                                                   {"&gt;", ">"},
                                                   {"&quot;", "\""},
                                                   {"&apos;", "'"},
                                                   {"&nbsp;", " "},
                                                   {"&lrm;", ""},
                                                   {"&rlm;", ""}}};
  for (const Named& named : kNamed) {
    if (text.starts_with(named.name)) {
      out->append(named.text);
      return named.name.size();
    }
  }
  if (!text.starts_with("&#")) return 0;
  const bool hex = text.size() > 2 && (text[2] == 'x' || text[2] == 'X');
  std::size_t i = hex ? 3 : 2;
  std::uint32_t code = 0;
  const std::size_t first = i;
  for (; i < text.size() && i < first + 7; ++i) {
    const char c = text[i];
    const int digit = IsDigit(c) ? c - '0'
                      : hex && std::isxdigit(static_cast<unsigned char>(c))
                          ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                          : -1;
    if (digit < 0) break;
    code = code * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
  }
  if (i == first || i >= text.size() || text[i] != ';') return 0;
  AppendUtf8(code, out);
  return i + 1;
}

}  // namespace

std::optional<CueTiming> ParseCueTiming(std::string_view line) {
  SkipSpaces(&line);
  const std::optional<std::int64_t> start = TakeTimestamp(&line);
  if (!start) return std::nullopt;
  SkipSpaces(&line);
  if (!line.starts_with("-->")) return std::nullopt;
  line.remove_prefix(3);
  SkipSpaces(&line);
  const std::optional<std::int64_t> end = TakeTimestamp(&line);
  if (!end || (!line.empty() && !IsSpace(line[0]))) return std::nullopt;
  return CueTiming{*start, *end};
}

void AppendCueText(std::string_view line, std::string* text) {
  // Once a `<` (or `{\`) has no close after it, no later one has either:
  // remembering that keeps a line of a million `<` linear.
  bool angle_can_close = true;
  bool brace_can_close = true;
  for (std::size_t i = 0; i < line.size();) {
    const char c = line[i];
    const bool brace = c == '{' && i + 1 < line.size() && line[i + 1] == '\\';
    bool& can_close = brace ? brace_can_close : angle_can_close;
    if ((c == '<' || brace) && can_close) {
      const std::size_t close = line.find(c == '<' ? '>' : '}', i + 1);
      if (close != std::string_view::npos) {
        i = close + 1;
        continue;
      }
      can_close = false;
    }
    if (c == '&') {
      if (const std::size_t length = DecodeEntity(line.substr(i), text)) {
        i += length;
        continue;
      }
    }
    text->push_back(c);
    ++i;
  }
}

}  // namespace bylaw::internal
