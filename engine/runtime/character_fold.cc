// The fold of one non-ASCII character (character_fold.h), with ICU: the slow
// path of FoldText, which caches it for two-byte characters in a table and
// calls it for the rest. The Normalizer2 instances are ICU's, immutable and
// safe to share between threads.
#include "runtime/character_fold.h"

#include <cstddef>
#include <cstdint>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include "runtime/confusables.h"

namespace bylaw::internal {
namespace {

// The typographic apostrophes that read as ' : ’ ‘ ‛ ′ ＇.
bool IsApostrophe(char32_t c) {
  return c == 0x2019 || c == 0x2018 || c == 0x201B || c == 0x2032 || c == 0xFF07;
}

// Format characters that are invisible but not default-ignorable (nfkc_cf
// keeps them): the interlinear annotation controls.
bool IsInvisibleFormat(char32_t c) { return c >= 0xFFF9 && c <= 0xFFFB; }

bool IsMark(char32_t c) { return (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_M_MASK) != 0; }

bool IsGraphemeExtender(char32_t c) {
  const std::int32_t kind =
      u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_GRAPHEME_CLUSTER_BREAK);
  return kind == U_GCB_EXTEND || kind == U_GCB_ZWJ || kind == U_GCB_SPACING_MARK;
}

// A compatibility form (full-width, mathematical, circled, superscript,
// ligature, ...), as opposed to a canonical or no decomposition.
bool HasCompatibilityDecomposition(char32_t c) {
  const std::int32_t type =
      u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_DECOMPOSITION_TYPE);
  return type != U_DT_NONE && type != U_DT_CANONICAL;
}

// An ICU normalizer, or null if ICU's data cannot be loaded (then
// characters fold only through the look-alike table). ICU owns it.
const icu::Normalizer2* LoadNormalizer(const icu::Normalizer2* (*get)(UErrorCode&)) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* instance = get(status);
  return U_SUCCESS(status) ? instance : nullptr;
}

const icu::Normalizer2* NfkcCasefold() {
  static const icu::Normalizer2* const normalizer =
      LoadNormalizer(&icu::Normalizer2::getNFKCCasefoldInstance);
  return normalizer;
}

const icu::Normalizer2* Nfd() {
  static const icu::Normalizer2* const normalizer =
      LoadNormalizer(&icu::Normalizer2::getNFDInstance);
  return normalizer;
}

// nfkc_cf of `c` into `folded`; returns false, leaving `folded` alone, if
// `c` folds to itself: most characters have no mapping, which a trie lookup
// finds without normalizing.
bool NfkcCasefold(char32_t c, icu::UnicodeString* folded) {
  const icu::Normalizer2* normalizer = NfkcCasefold();
  if (normalizer == nullptr || !normalizer->getDecomposition(static_cast<UChar32>(c), *folded)) {
    return false;
  }
  UChar units[2];
  std::int32_t unit_count = 0;
  U16_APPEND_UNSAFE(units, unit_count, c);
  UErrorCode status = U_ZERO_ERROR;
  normalizer->normalize(icu::UnicodeString(false, units, unit_count), *folded, status);
  return U_SUCCESS(status);
}

// A precomposed letter's base (`é` → e) if its canonical decomposition is
// the base and combining marks only; otherwise `c`.
char32_t BaseLetter(char32_t c) {
  const icu::Normalizer2* nfd = Nfd();
  icu::UnicodeString decomposed;
  if (nfd == nullptr || !nfd->getDecomposition(static_cast<UChar32>(c), decomposed)) return c;
  const auto base = static_cast<char32_t>(decomposed.char32At(0));
  for (std::int32_t i = U16_LENGTH(base); i < decomposed.length();) {
    const auto d = static_cast<char32_t>(decomposed.char32At(i));
    if (!IsMark(d)) return c;
    i += U16_LENGTH(d);
  }
  return base;
}

// Appends the folds of nfkc_cf's output, one code point at a time.
class FoldWriter {
 public:
  FoldWriter(bool shed_marks, CharacterFold* out) : shed_marks_(shed_marks), out_(*out) {}

  void Add(char32_t d) {
    if (IsMark(d)) {
      if (shed_marks_) {
        out_.evasions.Add(Evasion::kMarks);
      } else {
        Put(d);
      }
      return;
    }
    only_marks_ = false;
    if (IsUnicodeSpace(d) || IsApostrophe(d)) {
      Put(IsApostrophe(d) ? U'\'' : U' ');
      shed_marks_ = true;
      return;
    }
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(static_cast<UChar32>(d), &status);
    const bool sheds = script == USCRIPT_LATIN || script == USCRIPT_GREEK ||
                       script == USCRIPT_CYRILLIC || script == USCRIPT_COMMON;
    if (sheds && script != USCRIPT_COMMON) {
      const char32_t base = BaseLetter(d);
      if (base != d) out_.evasions.Add(Evasion::kMarks);
      d = base;
    }
    if (const Confusable* confusable = FindConfusable(d); confusable != nullptr) {
      if (!confusable->spelling) out_.evasions.Add(Evasion::kConfusable);
      d = static_cast<unsigned char>(confusable->ascii);
    }
    Put(d);
    // A look-alike keeps its own script's marks: a Myanmar letter read as
    // `o` still owns the vowel signs after it.
    if (sheds || script != USCRIPT_INHERITED) shed_marks_ = sheds;
  }

  bool only_marks() const { return only_marks_; }
  bool shed_marks() const { return shed_marks_; }

 private:
  void Put(char32_t d) {
    if (CharacterFold::kCapacity - out_.length < 4) return;  // nfkc_cf writes at most 33 bytes
    out_.length += static_cast<std::uint8_t>(EncodeUtf8(d, out_.bytes.data() + out_.length));
  }

  bool shed_marks_;
  bool only_marks_ = true;
  CharacterFold& out_;
};

// True if every byte is ASCII and at least one is a letter or digit.
bool IsAsciiLettersAndSymbols(const CharacterFold& fold) {
  bool alphanumeric = false;
  for (std::size_t i = 0; i < fold.length; ++i) {
    const auto byte = static_cast<unsigned char>(fold.bytes[i]);
    if (byte >= 0x80) return false;
    alphanumeric |= (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z');
  }
  return alphanumeric;
}

}  // namespace

bool IsUnicodeSpace(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  if (c < 0x2000) return c == 0x85 || c == 0xA0 || c == 0x1680;
  return c <= 0x200A || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

std::size_t EncodeUtf8(char32_t c, char* buffer) {
  if (c < 0x80) {
    buffer[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    buffer[0] = static_cast<char>(0xC0 | (c >> 6));
    buffer[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    buffer[0] = static_cast<char>(0xE0 | (c >> 12));
    buffer[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    buffer[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  buffer[0] = static_cast<char>(0xF0 | (c >> 18));
  buffer[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  buffer[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  buffer[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

// The letter an emoji letter stands for (🅱 for b, 🇹 for t), or 0: the
// negative circled and negative squared capitals and the regional
// indicators, which have no compatibility decomposition of their own.
char EmojiLetter(char32_t c) {
  for (const char32_t first : {char32_t{0x1F150}, char32_t{0x1F170}, char32_t{0x1F1E6}}) {
    if (c >= first && c < first + 26) return static_cast<char>('a' + (c - first));
  }
  return 0;
}

void FoldCharacter(char32_t c, bool shed_marks, CharacterFold* out) {
  out->flags = IsGraphemeExtender(c) ? CharacterFold::kExtender : 0;
  out->length = 0;
  out->evasions = EvasionSet();
  if (const char letter = EmojiLetter(c); letter != 0) {
    out->flags |= CharacterFold::kSetsShed | CharacterFold::kShedsMarks;
    out->length = 1;
    out->bytes[0] = letter;
    out->evasions.Add(Evasion::kStyled);
    return;
  }
  if (IsUnicodeSpace(c)) {
    out->flags |= CharacterFold::kSpace | CharacterFold::kSetsShed | CharacterFold::kShedsMarks;
    out->length = 1;
    out->bytes[0] = ' ';
    return;
  }
  icu::UnicodeString folded;  // Up to 27 units live in its inline buffer.
  const bool mapped = IsInvisibleFormat(c) || NfkcCasefold(c, &folded);
  if (mapped && folded.isEmpty()) {
    out->evasions.Add(Evasion::kInvisible);
    return;
  }
  FoldWriter writer(shed_marks, out);
  if (!mapped) writer.Add(c);
  for (std::int32_t i = 0; i < folded.length();) {
    const auto d = static_cast<char32_t>(folded.char32At(i));
    i += U16_LENGTH(d);
    writer.Add(d);
  }
  if (writer.only_marks()) {
    out->flags |= CharacterFold::kMarksOnly;
  } else {
    out->flags |= CharacterFold::kSetsShed;
    if (writer.shed_marks()) out->flags |= CharacterFold::kShedsMarks;
  }
  if (mapped && HasCompatibilityDecomposition(c) && IsAsciiLettersAndSymbols(*out)) {
    out->evasions.Add(Evasion::kStyled);
  }
}

}  // namespace bylaw::internal
