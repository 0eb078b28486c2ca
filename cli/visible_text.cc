// Invisible and look-alike characters made visible for the replay report,
// with ICU's character properties and names. See visible_text.h.
#include "visible_text.h"

#include <algorithm>

#include <spdlog/fmt/fmt.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "bylaw/utf8.h"
#include "html_text.h"

namespace bylaw::cli {
namespace {

std::int32_t DecodeUtf8(std::string_view text, std::size_t length) {
  const auto byte = [text](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  if (length == 1) return byte(0);
  constexpr std::uint8_t kLeadMask[] = {0, 0, 0x1F, 0x0F, 0x07};
  std::int32_t code_point = byte(0) & kLeadMask[length];
  for (std::size_t i = 1; i < length; ++i) code_point = (code_point << 6) | (byte(i) & 0x3F);
  return code_point;
}

// Characters that show nothing (or only move text) but can split or
// disguise a word: format characters (zero width, bidi controls, soft
// hyphen, BOM) and the blank fillers people paste between letters.
bool IsInvisible(std::int32_t c) {
  if (c < 0) return false;
  if (u_charType(c) == U_FORMAT_CHAR) return true;
  return c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x180E || c == 0x2800 ||
         c == 0x3164 || c == 0xFFA0 || (c >= 0xFE00 && c <= 0xFE0F);
}

bool IsWordPart(const std::int32_t c) {
  return c >= 0 && (u_isalpha(c) || u_charType(c) == U_NON_SPACING_MARK || IsInvisible(c));
}

UScriptCode ScriptOf(std::int32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return U_SUCCESS(status) ? script : USCRIPT_INVALID_CODE;
}

}  // namespace

std::string CodePointTitle(std::int32_t code_point) {
  char name[128] = {};
  UErrorCode status = U_ZERO_ERROR;
  u_charName(code_point, U_UNICODE_CHAR_NAME, name, sizeof name, &status);
  std::string title = fmt::format("U+{:04X}", code_point);
  if (U_SUCCESS(status) && name[0] != '\0') title += std::string(" ") + name;
  return title;
}

VisibleText::VisibleText(std::string_view text) : text_(text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = Utf8CharLength(text.substr(i));
    Character character{static_cast<std::uint32_t>(i), 1, -1, Kind::kPlain};
    if (length > 0) {
      character.length = static_cast<std::uint32_t>(length);
      character.code_point = DecodeUtf8(text.substr(i), length);
      if (IsInvisible(character.code_point)) {
        character.kind = Kind::kInvisible;
        ++invisible_;
      }
    }
    characters_.push_back(character);
    i += character.length;
  }
  MarkLookalikes();
}

// A word mixing Latin with Cyrillic or Greek letters: the latter are the
// disguise ("pаypal" with a Cyrillic а). Words wholly in one script pass.
void VisibleText::MarkLookalikes() {
  for (std::size_t start = 0; start < characters_.size();) {
    std::size_t end = start;
    bool latin = false;
    bool other = false;
    while (end < characters_.size() && IsWordPart(characters_[end].code_point)) {
      const UScriptCode script = ScriptOf(characters_[end].code_point);
      latin = latin || script == USCRIPT_LATIN;
      other = other || script == USCRIPT_CYRILLIC || script == USCRIPT_GREEK;
      ++end;
    }
    for (std::size_t i = start; latin && other && i < end; ++i) {
      const UScriptCode script = ScriptOf(characters_[i].code_point);
      if (script == USCRIPT_CYRILLIC || script == USCRIPT_GREEK) {
        characters_[i].kind = Kind::kLookalike;
        ++lookalike_;
      }
    }
    start = std::max(end, start + 1);
  }
}

void VisibleText::Append(std::size_t begin, std::size_t end, std::string* out) const {
  auto it = std::lower_bound(characters_.begin(), characters_.end(), begin,
                             [](const Character& c, std::size_t offset) { return c.begin < offset; });
  for (; it != characters_.end() && it->begin < end; ++it) {
    const std::string_view bytes = text_.substr(it->begin, it->length);
    switch (it->kind) {
      case Kind::kPlain:
        AppendHtml(bytes, out);
        break;
      case Kind::kInvisible:
        *out += fmt::format("<span class=\"invisible\" title=\"{}\">U+{:04X}</span>",
                            Html(CodePointTitle(it->code_point)), it->code_point);
        break;
      case Kind::kLookalike:
        *out += "<span class=\"lookalike\" title=\"" + Html(CodePointTitle(it->code_point)) +
                " (look-alike in a Latin word)\">";
        AppendHtml(bytes, out);
        *out += "</span>";
        break;
    }
  }
}

std::size_t VisibleText::CharacterOffset(std::size_t offset) const {
  return static_cast<std::size_t>(
      std::lower_bound(characters_.begin(), characters_.end(), offset,
                       [](const Character& c, std::size_t at) { return c.begin < at; }) -
      characters_.begin());
}

}  // namespace bylaw::cli
