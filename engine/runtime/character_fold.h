// The fold of one character: what FoldText (text_fold.cc) writes for it and
// how it joins the characters around it. OriginalEvasions (text_evasions.cc)
// reads the same folds to say which disguises a matched span undid.
#ifndef BYLAW_RUNTIME_CHARACTER_FOLD_H_
#define BYLAW_RUNTIME_CHARACTER_FOLD_H_

#include <array>
#include <cstddef>
#include <cstdint>

#include "bylaw/evasion.h"

namespace bylaw::internal {

// What a character folds to, as UTF-8, with flags. A character folds in
// order to:
//  - ' ' if it is Unicode whitespace (it then joins the run it is part of),
//    '\'' if it is a typographic apostrophe;
//  - its nfkc_cf form (compatibility mapping, full case folding, and nothing
//    for default-ignorable characters), in which
//  - combining marks are dropped when they follow a letter of the Latin,
//    Greek or Cyrillic scripts, a character of no script (punctuation,
//    digits, spaces) or nothing; precomposed Latin, Greek and Cyrillic
//    letters lose their marks too (`é` → e); marks after letters of other
//    scripts (Devanagari, Arabic, Hebrew, ...) are kept;
//  - and letters that look like ASCII letters (confusables.h) read as them.
struct CharacterFold {
  // nfkc_cf's longest result is 18 UTF-16 units, 33 bytes of UTF-8 (U+FDFA).
  static constexpr std::size_t kCapacity = 64;

  enum Flag : std::uint8_t {
    kSpace = 1 << 0,       // Whitespace: joins the run it is part of.
    kMarksOnly = 1 << 1,   // Only combining marks: dropped where marks are shed.
    kExtender = 1 << 2,    // Grapheme extender (Extend, ZWJ, SpacingMark).
    kSetsShed = 1 << 3,    // Decides whether marks after it are shed ...
    kShedsMarks = 1 << 4,  // ... and they are.
  };

  std::uint8_t flags = 0;
  std::uint8_t length = 0;  // Bytes of `bytes`; 0 if it folds to nothing.
  // Undone disguises: kInvisible (folds to nothing), kConfusable (a
  // look-alike read as ASCII, not a `spelling` letter such as `ł`), kStyled
  // (a compatibility form of ASCII letters or digits), kMarks (marks were
  // dropped, precomposed or not).
  EvasionSet evasions;
  std::array<char, kCapacity> bytes;  // Only `length` bytes are set.
};

// Folds the Unicode scalar value `c` (not ASCII) where combining marks at
// its start are dropped if `shed_marks`. A character that is only marks
// folds to them when !shed_marks, to nothing otherwise.
void FoldCharacter(char32_t c, bool shed_marks, CharacterFold* out);

// Unicode White_Space, as u_isUWhiteSpace reports it, without a property
// lookup (tests compare the two on every code point).
bool IsUnicodeSpace(char32_t c);

// Writes `c` (a Unicode scalar value) as UTF-8 into `buffer`; returns the length.
std::size_t EncodeUtf8(char32_t c, char* buffer);

}  // namespace bylaw::internal

#endif  // BYLAW_RUNTIME_CHARACTER_FOLD_H_
