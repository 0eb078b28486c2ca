// Document text as an investigator needs to see it in the replay report:
// invisible characters (zero width, bidi controls, fillers) shown as a
// marker such as "U+200B" whose title names them, Cyrillic or Greek letters
// inside a word written with Latin letters (look-alikes) wrapped in a span
// whose title names them, and character offsets beside byte offsets.
#ifndef BYLAW_CLI_VISIBLE_TEXT_H_
#define BYLAW_CLI_VISIBLE_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bylaw::cli {

// One field's text, read once. Borrows `text`. Immutable after construction.
class VisibleText {
 public:
  explicit VisibleText(std::string_view text);

  // Appends, as HTML, the characters that start in bytes [begin, end):
  // escaped as AppendHtml does (html_text.h), invisible characters as
  // <span class="invisible" title="U+200B ZERO WIDTH SPACE">U+200B</span>
  // and look-alikes as <span class="lookalike" title="...">а</span>.
  void Append(std::size_t begin, std::size_t end, std::string* out) const;
  // How many characters (code points; an invalid byte counts as one) start
  // before byte `offset`.
  std::size_t CharacterOffset(std::size_t offset) const;
  std::size_t invisible_count() const { return invisible_; }
  std::size_t lookalike_count() const { return lookalike_; }

 private:
  enum class Kind : std::uint8_t { kPlain, kInvisible, kLookalike };
  struct Character {
    std::uint32_t begin = 0;        // byte offset in the text
    std::uint32_t length = 1;       // bytes
    std::int32_t code_point = -1;   // -1: an invalid byte
    Kind kind = Kind::kPlain;
  };
  void MarkLookalikes();

  std::string_view text_;
  std::vector<Character> characters_;
  std::size_t invisible_ = 0;
  std::size_t lookalike_ = 0;
};

// "U+200B ZERO WIDTH SPACE": the code point and its Unicode name.
std::string CodePointTitle(std::int32_t code_point);

}  // namespace bylaw::cli

#endif  // BYLAW_CLI_VISIBLE_TEXT_H_
