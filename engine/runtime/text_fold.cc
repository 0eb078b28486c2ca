// Text folding: the first step of a scan. A Scanner turns each field's text
// into the views of text_view.h (folded for case-insensitive patterns,
// sanitized for case-sensitive ones) before Hyperscan matches on them, and
// maps every match back to original bytes through the view's source spans.
//
// Both views are written through a ViewWriter that reuses the TextView's
// capacity, so a warm Scanner folds without allocating. Characters are
// folded one at a time, so that every output byte comes from exactly one
// original character (or one whitespace run), in three tiers: ASCII inline,
// eight bytes at a time where it can; two-byte UTF-8 characters (Latin,
// Greek, Cyrillic, Hebrew, Arabic, ...) through a table built from ICU once;
// everything else through ICU's nfkc_cf. The table and the Normalizer2 are
// immutable after construction and safe to share between threads.
#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include "bylaw/utf8.h"
#include "text_view.h"

namespace bylaw::internal {
namespace {

constexpr char32_t kReplacementCharacter = 0xFFFD;
constexpr char kReplacementUtf8[] = "\xEF\xBF\xBD";
constexpr std::size_t kReplacementUtf8Length = 3;

bool IsContinuationByte(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// White_Space characters below U+0080: \t \n \v \f \r and space.
bool IsAsciiSpace(unsigned char byte) { return byte == ' ' || (byte >= '\t' && byte <= '\r'); }

// Unicode White_Space, as u_isUWhiteSpace reports it, without a property
// lookup (tests compare the two on every code point).
bool IsUnicodeSpace(char32_t c) {
  if (c < 0x80) return IsAsciiSpace(static_cast<unsigned char>(c));
  if (c < 0x2000) return c == 0x85 || c == 0xA0 || c == 0x1680;
  return c <= 0x200A || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

char AsciiLower(unsigned char byte) {
  return static_cast<char>(byte | (static_cast<unsigned>(byte - 'A') < 26u) << 5);
}

// Strict UTF-8 (Utf8CharLength); each byte that does not start a
// well-formed character decodes alone, as U+FFFD.
char32_t DecodeUtf8At(const unsigned char* bytes, std::size_t size, std::size_t pos,
                      std::size_t* length) {
  static constexpr unsigned char kLeadBits[] = {0, 0, 0x1F, 0x0F, 0x07};
  const unsigned char lead = bytes[pos];
  *length = 1;
  if (lead < 0x80) return lead;
  const std::size_t count =
      Utf8CharLength(std::string_view(reinterpret_cast<const char*>(bytes) + pos, size - pos));
  if (count == 0) return kReplacementCharacter;
  char32_t c = lead & kLeadBits[count];
  for (std::size_t i = 1; i < count; ++i) c = (c << 6) | (bytes[pos + i] & 0x3F);
  *length = count;
  return c;
}

// `condition ? if_true : if_false` with masks, for loops where a branch
// would be mispredicted (compilers tend to turn ?: back into a branch).
std::uint32_t Select(bool condition, std::uint32_t if_true, std::uint32_t if_false) {
  const std::uint32_t mask = 0u - static_cast<std::uint32_t>(condition);
  return (if_true & mask) | (if_false & ~mask);
}

// The typographic apostrophes that read as ' : ’ ‘ ‛ ′ ＇.
bool IsApostrophe(char32_t c) {
  return c == 0x2019 || c == 0x2018 || c == 0x201B || c == 0x2032 || c == 0xFF07;
}

// Writes `c` (a Unicode scalar value) as UTF-8 into `buffer`; returns the length.
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

// The nfkc_cf normalizer, or null if ICU's data cannot be loaded (then
// non-ASCII characters other than whitespace and apostrophes are kept as
// they are). ICU owns the instance.
const icu::Normalizer2* NfkcCasefold() {
  static const icu::Normalizer2* const normalizer = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* instance = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? instance : nullptr;
  }();
  return normalizer;
}

// The fold of one character, as UTF-8.
struct FoldedCharacter {
  // nfkc_cf's longest result is 18 UTF-16 units, 33 bytes of UTF-8 (U+FDFA).
  static constexpr std::size_t kCapacity = 64;

  bool is_space = false;    // Whitespace: joins the run it is part of.
  std::uint8_t length = 0;  // 0 if the character folds to nothing.
  char bytes[kCapacity];
};

// Folds the non-ASCII scalar value `c`: whitespace reads ' ', apostrophes
// read '\'', anything else its nfkc_cf form, whose own whitespace and
// apostrophes are mapped the same way. Returns false, leaving `*out` alone,
// if `c` folds to itself (or ICU fails, or the fold would not fit).
bool FoldWithIcu(char32_t c, FoldedCharacter* out) {
  if (IsUnicodeSpace(c) || IsApostrophe(c)) {
    out->is_space = IsUnicodeSpace(c);
    out->length = 1;
    out->bytes[0] = out->is_space ? ' ' : '\'';
    return true;
  }
  // Hangul syllables decompose to jamo and recompose: nfkc_cf keeps them.
  if (c >= 0xAC00 && c <= 0xD7A3) return false;
  const icu::Normalizer2* normalizer = NfkcCasefold();
  icu::UnicodeString folded;  // Up to 27 units live in its inline buffer.
  // A character without an nfkc_cf mapping normalizes to itself, and most
  // have none: this trie lookup spares the normalization.
  if (normalizer == nullptr || !normalizer->getDecomposition(static_cast<UChar32>(c), folded)) {
    return false;
  }
  UChar units[2];
  std::int32_t unit_count = 0;
  U16_APPEND_UNSAFE(units, unit_count, c);
  UErrorCode status = U_ZERO_ERROR;
  normalizer->normalize(icu::UnicodeString(false, units, unit_count), folded, status);
  if (U_FAILURE(status)) return false;
  std::size_t length = 0;
  for (std::int32_t i = 0; i < folded.length();) {
    const auto d = static_cast<char32_t>(folded.char32At(i));
    i += U16_LENGTH(d);
    if (FoldedCharacter::kCapacity - length < 4) return false;
    const char32_t mapped = IsUnicodeSpace(d) ? U' ' : IsApostrophe(d) ? U'\'' : d;
    length += EncodeUtf8(mapped, out->bytes + length);
  }
  out->is_space = false;
  out->length = static_cast<std::uint8_t>(length);
  return true;
}

// The folds of all two-byte UTF-8 characters, U+0080 to U+07FF, computed
// with FoldWithIcu on first use and immutable after.
class TwoByteFoldTable {
 public:
  struct Entry {
    bool is_space = false;
    std::uint8_t length = 0;  // kUseIcu: too long for `bytes`.
    char bytes[6] = {};
  };
  static constexpr std::uint8_t kUseIcu = 0xFF;

  static const TwoByteFoldTable& Get() {
    static const TwoByteFoldTable table;
    return table;
  }
  // `c` is in [U+0080, U+0800).
  const Entry& operator[](char32_t c) const { return entries_[c - 0x80]; }

 private:
  TwoByteFoldTable() {
    for (char32_t c = 0x80; c < 0x800; ++c) {
      Entry& entry = entries_[c - 0x80];
      FoldedCharacter folded;
      if (!FoldWithIcu(c, &folded)) {
        entry.length = static_cast<std::uint8_t>(EncodeUtf8(c, entry.bytes));
      } else if (folded.length <= sizeof entry.bytes) {
        entry.is_space = folded.is_space;
        entry.length = folded.length;
        std::memcpy(entry.bytes, folded.bytes, folded.length);
      } else {
        entry.length = kUseIcu;
      }
    }
  }

  std::array<Entry, 0x800 - 0x80> entries_;
};

// Appends bytes and their source spans to a TextView without allocating once
// the view is warm. The three arrays are sized ahead and written through raw
// pointers (push_back on three containers per byte costs more than the
// folding itself); Finish() trims them to what was written.
class ViewWriter {
 public:
  // Clears `out` and makes room for `room` bytes.
  ViewWriter(TextView* out, std::size_t room) : out_(out) {
    out_->Clear();
    Resize(room);
  }

  // Makes sure `count` more bytes fit.
  void Reserve(std::size_t count) {
    if (capacity_ - size_ < count) Resize(std::max(size_ + count, 2 * capacity_));
  }
  // Appends one byte; the caller has reserved room for it.
  void Put(char byte, std::uint32_t begin, std::uint32_t end) {
    assert(size_ < capacity_);
    text_[size_] = byte;
    begin_[size_] = begin;
    end_[size_] = end;
    ++size_;
  }
  void Put(const char* bytes, std::size_t count, std::uint32_t begin, std::uint32_t end) {
    for (std::size_t i = 0; i < count; ++i) Put(bytes[i], begin, end);
  }
  bool EndsWithSpace() const { return size_ > 0 && text_[size_ - 1] == ' '; }
  // Appends whitespace [begin, end) of the original: a ' ', or, right after
  // a ' ', a wider span for that ' ', so that spaces never double.
  void PutSpace(std::uint32_t begin, std::uint32_t end) {
    if (EndsWithSpace()) {
      end_[size_ - 1] = end;
    } else {
      Put(' ', begin, end);
    }
  }
  // Folds the ASCII bytes from bytes[pos] up to the first non-ASCII byte or
  // bytes[size]; returns where it stopped. Writes at most one byte per byte
  // read; the caller has reserved room for them.
  std::size_t PutFoldedAscii(const unsigned char* bytes, std::size_t pos, std::size_t size);
  void Finish() { Resize(size_); }

 private:
  void Resize(std::size_t capacity) {
    out_->text.resize(capacity);
    out_->source_begin.resize(capacity);
    out_->source_end.resize(capacity);
    text_ = out_->text.data();
    begin_ = out_->source_begin.data();
    end_ = out_->source_end.data();
    capacity_ = capacity;
  }

  TextView* out_;
  char* text_ = nullptr;
  std::uint32_t* begin_ = nullptr;
  std::uint32_t* end_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// Eight ASCII bytes at once (SWAR): each function takes a little-endian
// word of bytes below 0x80 and returns 0x80 in every byte that qualifies.
namespace swar {

constexpr std::uint64_t kHighBits = 0x8080808080808080;

constexpr std::uint64_t Repeat(std::uint8_t byte) { return 0x0101010101010101 * byte; }

// Bytes >= n, for 1 <= n <= 0x80 (the sums stay below 0xFF: no carries).
constexpr std::uint64_t AtLeast(std::uint64_t word, std::uint8_t n) {
  return (word + Repeat(static_cast<std::uint8_t>(0x80 - n))) & kHighBits;
}
constexpr std::uint64_t EqualTo(std::uint64_t word, std::uint8_t value) {
  return ~((word ^ Repeat(value)) + Repeat(0x7F)) & kHighBits;
}
constexpr std::uint64_t Spaces(std::uint64_t word) {
  return EqualTo(word, ' ') | (AtLeast(word, '\t') & ~AtLeast(word, '\r' + 1));
}
constexpr std::uint64_t Uppercase(std::uint64_t word) {
  return AtLeast(word, 'A') & ~AtLeast(word, 'Z' + 1);
}

}  // namespace swar

// The state of PutFoldedAscii in locals, not members: a char store may alias
// any member, which would force every member through memory on every byte.
struct AsciiCursor {
  char* text;
  std::uint32_t* begins;
  std::uint32_t* ends;
  std::size_t count;         // Bytes written.
  bool after_space;          // The last byte written is a ' '.
  std::uint32_t last_begin;  // Its source_begin.

  // Folds the byte at `pos`. Branch-free, because whether a byte of English
  // text is a space is a coin flip to the branch predictor: the byte goes to
  // the next slot or, if it is whitespace after a ' ', over that ' '.
  void PutByte(unsigned char byte, std::size_t pos) {
    const bool space = IsAsciiSpace(byte);
    const bool widen = space && after_space;
    count -= widen;
    last_begin = Select(widen, last_begin, static_cast<std::uint32_t>(pos));
    text[count] =
        static_cast<char>(Select(space, ' ', static_cast<unsigned char>(AsciiLower(byte))));
    begins[count] = last_begin;
    ends[count] = static_cast<std::uint32_t>(pos + 1);
    ++count;
    after_space = space;
  }

  // Maps the next 8 output bytes to original bytes pos, pos+1, ... pos+7.
  void PutIdentitySpans(std::uint32_t pos) {
#ifdef __SSE2__
    // GCC does not vectorize this at -O2; four 16-byte stores instead of 16.
    const __m128i first =
        _mm_add_epi32(_mm_set1_epi32(static_cast<int>(pos)), _mm_setr_epi32(0, 1, 2, 3));
    const __m128i second = _mm_add_epi32(first, _mm_set1_epi32(4));
    const __m128i one = _mm_set1_epi32(1);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(begins + count), first);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(begins + count + 4), second);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(ends + count), _mm_add_epi32(first, one));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(ends + count + 4), _mm_add_epi32(second, one));
#else
    for (std::uint32_t i = 0; i < 8; ++i) {
      begins[count + i] = pos + i;
      ends[count + i] = pos + i + 1;
    }
#endif
  }

  // Folds the 8 bytes at `pos` if they are ASCII and fold one to one (no
  // whitespace follows whitespace); returns false, writing nothing, if not.
  bool PutWord(const unsigned char* bytes, std::size_t pos) {
    std::uint64_t word;
    std::memcpy(&word, bytes + pos, sizeof word);
    if ((word & swar::kHighBits) != 0) return false;
    const std::uint64_t spaces = swar::Spaces(word);
    if ((spaces & (spaces << 8)) != 0 || (after_space && (spaces & 0x80) != 0)) return false;
    const std::uint64_t space_bytes = (spaces >> 7) * 0xFF;
    const std::uint64_t lowered = word | (swar::Uppercase(word) >> 2);  // 0x80 >> 2 == 0x20
    const std::uint64_t folded = (lowered & ~space_bytes) | (swar::Repeat(' ') & space_bytes);
    std::memcpy(text + count, &folded, sizeof folded);
    PutIdentitySpans(static_cast<std::uint32_t>(pos));
    count += 8;
    after_space = (spaces >> 63) != 0;
    last_begin = static_cast<std::uint32_t>(pos + 7);
    return true;
  }
};

std::size_t ViewWriter::PutFoldedAscii(const unsigned char* bytes, std::size_t pos,
                                       std::size_t size) {
  const bool after_space = EndsWithSpace();
  AsciiCursor cursor{text_, begin_, end_, size_, after_space, after_space ? begin_[size_ - 1] : 0};
  while (pos < size) {
    if constexpr (std::endian::native == std::endian::little) {
      while (size - pos >= 8 && cursor.PutWord(bytes, pos)) pos += 8;
    }
    // Byte by byte up to the next word, or until a non-ASCII byte.
    const std::size_t stop = std::min(size, pos + 8);
    for (; pos < stop; ++pos) {
      if (bytes[pos] >= 0x80) {
        size_ = cursor.count;
        return pos;
      }
      cursor.PutByte(bytes[pos], pos);
    }
  }
  assert(cursor.count <= capacity_);
  size_ = cursor.count;
  return pos;
}

// One FoldText call. Keeps the writer's room at least the input left: ASCII,
// whitespace and unchanged characters never write more bytes than they
// consume, so only invalid bytes and characters that nfkc_cf maps reserve.
class Folder {
 public:
  Folder(std::string_view original, TextView* out)
      : bytes_(reinterpret_cast<const unsigned char*>(original.data())),
        size_(original.size()),
        writer_(out, original.size()) {}

  void Run() {
    std::size_t pos = 0;
    while (pos < size_) {
      pos = writer_.PutFoldedAscii(bytes_, pos, size_);
      if (pos < size_) pos = FoldNonAscii(pos);
    }
    writer_.Finish();
  }

 private:
  // Folds the character (or invalid byte) at `pos`; returns the next position.
  std::size_t FoldNonAscii(std::size_t pos) {
    const auto begin = static_cast<std::uint32_t>(pos);
    if (const char32_t c = DecodeTwoByte(pos); c != 0) {
      const TwoByteFoldTable::Entry& entry = two_byte_folds_[c];
      if (entry.length != TwoByteFoldTable::kUseIcu) {
        Put(entry.is_space, entry.bytes, entry.length, begin, begin + 2);
        return pos + 2;
      }
    }
    std::size_t length = 0;
    const char32_t c = DecodeUtf8At(bytes_, size_, pos, &length);
    const auto end = static_cast<std::uint32_t>(pos + length);
    if (length == 1) {  // An invalid byte: U+FFFD.
      Put(false, kReplacementUtf8, kReplacementUtf8Length, begin, end);
      return end;
    }
    FoldedCharacter folded;
    if (FoldWithIcu(c, &folded)) {
      Put(folded.is_space, folded.bytes, folded.length, begin, end);
    } else {
      Put(false, reinterpret_cast<const char*>(bytes_) + begin, length, begin, end);
    }
    return end;
  }

  // The two-byte character at `pos`, or 0 if there is none: the common case
  // of non-ASCII text, decoded inline.
  char32_t DecodeTwoByte(std::size_t pos) const {
    const unsigned char lead = bytes_[pos];
    if (lead < 0xC2 || lead > 0xDF || size_ - pos < 2 || !IsContinuationByte(bytes_[pos + 1])) {
      return 0;
    }
    return (static_cast<char32_t>(lead & 0x1F) << 6) | (bytes_[pos + 1] & 0x3F);
  }

  // Writes the fold of original bytes [begin, end). Whitespace joins the run
  // it is part of; a fold's own leading space (spacing diacritics: ¨ reads
  // " \u0308") is dropped after a space, so spaces never double. A fold of
  // length 0 (default-ignorables) writes nothing: "a \u00AD b" reads "a b".
  void Put(bool is_space, const char* folded, std::size_t length, std::uint32_t begin,
           std::uint32_t end) {
    if (is_space) {
      writer_.PutSpace(begin, end);
      return;
    }
    writer_.Reserve(length + (size_ - end));  // Folds may be longer than the original.
    for (std::size_t i = 0; i < length; ++i) {
      if (folded[i] == ' ' && writer_.EndsWithSpace()) continue;
      writer_.Put(folded[i], begin, end);
    }
  }

  const unsigned char* bytes_;
  std::size_t size_;
  ViewWriter writer_;
  const TwoByteFoldTable& two_byte_folds_ = TwoByteFoldTable::Get();
};

// The code point that ends at `pos` (> 0), or U+FFFD if the byte before `pos`
// does not end a valid UTF-8 sequence.
char32_t DecodeUtf8Before(std::string_view text, std::size_t pos) {
  std::size_t start = pos - 1;
  while (start > 0 && pos - start < 4 &&
         IsContinuationByte(static_cast<unsigned char>(text[start]))) {
    --start;
  }
  std::size_t length = 0;
  const char32_t c = DecodeUtf8(text, start, &length);
  return start + length == pos ? c : kReplacementCharacter;
}

}  // namespace

// Offsets are 32-bit: texts must be shorter than 4 GiB.
void FoldText(std::string_view original, TextView* out) {
  assert(original.size() < UINT32_MAX);
  Folder(original, out).Run();
}

void SanitizeText(std::string_view original, TextView* out) {
  assert(original.size() < UINT32_MAX);
  ViewWriter writer(out, original.size());
  std::size_t pos = 0;
  while (pos < original.size()) {
    const auto begin = static_cast<std::uint32_t>(pos);
    const auto byte = static_cast<unsigned char>(original[pos]);
    if (byte < 0x80) {
      writer.Put(static_cast<char>(byte), begin, begin + 1);
      ++pos;
      continue;
    }
    std::size_t length = 0;
    DecodeUtf8(original, pos, &length);
    if (length == 1) {  // Invalid: 1 byte becomes 3.
      writer.Reserve(kReplacementUtf8Length + (original.size() - pos));
      writer.Put(kReplacementUtf8, kReplacementUtf8Length, begin, begin + 1);
    } else {
      writer.Put(original.data() + pos, length, begin, static_cast<std::uint32_t>(pos + length));
    }
    pos += length;
  }
  writer.Finish();
}

bool IsWordCodePoint(char32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  if (c > 0x10FFFF) return false;
  return (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0;
}

bool IsWordBoundary(std::string_view text, std::size_t pos) {
  assert(pos <= text.size());
  const bool word_before = pos > 0 && IsWordCodePoint(DecodeUtf8Before(text, pos));
  std::size_t length = 0;
  const bool word_after = pos < text.size() && IsWordCodePoint(DecodeUtf8(text, pos, &length));
  return word_before != word_after;
}

char32_t DecodeUtf8(std::string_view text, std::size_t pos, std::size_t* length) {
  assert(pos < text.size());
  return DecodeUtf8At(reinterpret_cast<const unsigned char*>(text.data()), text.size(), pos,
                      length);
}

}  // namespace bylaw::internal
