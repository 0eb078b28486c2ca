// Text folding: the first step of a scan. A Scanner turns each field's text
// into the views of text_view.h (folded for case-insensitive patterns,
// sanitized for case-sensitive ones) before Hyperscan matches on them, and
// maps every match back to original bytes through the view's source spans.
//
// Both views are written through a ViewWriter that reuses the TextView's
// capacity, so a warm Scanner folds without allocating. Characters are
// folded one at a time (character_fold.h says how), so that every output
// byte comes from one original character, grapheme cluster or whitespace
// run, in three tiers: ASCII inline, eight bytes at a time where it can;
// characters up to U+1FFFF (every script in use, and emoji) through
// FoldCache, a table FoldCharacter fills once, a block at a time; the rest,
// and folds too long for the table, through FoldCharacter (ICU).
#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include <unicode/uchar.h>

#include "bylaw/utf8.h"
#include "runtime/character_fold.h"
#include "runtime/fold_cache.h"
#include "text_view.h"

namespace bylaw::internal {
namespace {

constexpr char32_t kReplacementCharacter = 0xFFFD;
constexpr char kReplacementUtf8[] = "\xEF\xBF\xBD";
constexpr std::size_t kReplacementUtf8Length = 3;

bool IsContinuationByte(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// White_Space characters below U+0080: \t \n \v \f \r and space.
bool IsAsciiSpace(unsigned char byte) { return byte == ' ' || (byte >= '\t' && byte <= '\r'); }

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
  std::size_t size() const { return size_; }
  // True if the last byte written comes from original bytes ending at `pos`.
  bool EndsAt(std::uint32_t pos) const { return size_ > 0 && end_[size_ - 1] == pos; }
  std::uint32_t BeginAt(std::size_t i) const { return begin_[i]; }
  // Makes the bytes from `from` on come from original bytes up to `end`.
  void ExtendTo(std::size_t from, std::uint32_t end) {
    for (std::size_t i = from; i < size_; ++i) end_[i] = end;
  }
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

  // Folds the 8 bytes at `pos` if they are ASCII; returns how many it took
  // (0: a byte is not ASCII, nothing written). Whitespace that follows
  // whitespace widens the ' ' before it instead of being written: the bytes
  // up to the first such one are taken, then the rest of its run (the whole
  // word if it lasts), so that a double space after a sentence costs no
  // pass byte by byte. All 8 bytes are stored either way; the next write
  // goes over those past the count.
  std::size_t PutWord(const unsigned char* bytes, std::size_t pos) {
    std::uint64_t word;
    std::memcpy(&word, bytes + pos, sizeof word);
    if ((word & swar::kHighBits) != 0) return 0;
    const std::uint64_t spaces = swar::Spaces(word);
    const std::uint64_t space_bytes = (spaces >> 7) * 0xFF;
    const std::uint64_t lowered = word | (swar::Uppercase(word) >> 2);  // 0x80 >> 2 == 0x20
    const std::uint64_t folded = (lowered & ~space_bytes) | (swar::Repeat(' ') & space_bytes);
    std::memcpy(text + count, &folded, sizeof folded);
    PutIdentitySpans(static_cast<std::uint32_t>(pos), begins + count, ends + count);
    // Whitespace right after whitespace, here or at the end of what came before.
    const std::uint64_t repeated = spaces & ((spaces << 8) | (after_space ? 0x80 : 0));
    if (repeated == 0) {
      count += 8;
      after_space = (spaces >> 63) != 0;
      last_begin = static_cast<std::uint32_t>(pos + 7);
      return 8;
    }
    const auto take = static_cast<std::size_t>(std::countr_zero(repeated)) / 8;
    count += take;
    if (take > 0) last_begin = static_cast<std::uint32_t>(pos + take - 1);
    // The run goes on to the first byte after `take` that is no whitespace.
    const std::uint64_t rest = ~spaces & swar::kHighBits & (~std::uint64_t{0} << (8 * take));
    const std::size_t run_end = rest == 0 ? 8 : static_cast<std::size_t>(std::countr_zero(rest)) / 8;
    ends[count - 1] = static_cast<std::uint32_t>(pos + run_end);  // the ' ' before spans the run
    after_space = true;
    return run_end;
  }
};

std::size_t ViewWriter::PutFoldedAscii(const unsigned char* bytes, std::size_t pos,
                                       std::size_t size) {
  const bool after_space = EndsWithSpace();
  AsciiCursor cursor{text_, begin_, end_, size_, after_space, after_space ? begin_[size_ - 1] : 0};
  if constexpr (std::endian::native == std::endian::little) {
    for (std::size_t taken = 1; size - pos >= 8 && taken != 0; pos += taken) {
      taken = cursor.PutWord(bytes, pos);
    }
  }
  // Byte by byte: the last bytes, fewer than eight, or up to a non-ASCII
  // byte among the next eight.
  for (; pos < size; ++pos) {
    if (bytes[pos] >= 0x80) {
      size_ = cursor.count;
      return pos;
    }
    cursor.PutByte(bytes[pos], pos);
  }
  assert(cursor.count <= capacity_);
  size_ = cursor.count;
  return pos;
}

// One FoldText call. Keeps the writer's room at least the input left: ASCII,
// whitespace and unchanged characters never write more bytes than they
// consume, so only invalid bytes and characters that nfkc_cf maps reserve.
//
// Besides the output, it tracks two things about the characters before:
// whether combining marks are shed there (after Latin, Greek, Cyrillic, no
// script, or the start of the text), and where the output of the last
// grapheme cluster starts, so that an extender (a combining mark, ZWJ, a
// variation selector, an emoji modifier), kept or dropped, widens the source
// span of the whole cluster: spans never split a cluster.
class Folder {
 public:
  Folder(std::string_view original, TextView* out)
      : bytes_(reinterpret_cast<const unsigned char*>(original.data())),
        size_(original.size()),
        writer_(out, original.size()) {}

  void Run() {
    std::size_t pos = 0;
    while (pos < size_) {
      const std::size_t ascii_start = pos;
      pos = writer_.PutFoldedAscii(bytes_, pos, size_);
      if (pos > ascii_start) {  // ASCII is Latin or of no script.
        shed_marks_ = true;
        cluster_ = writer_.size() - 1;
      }
      while (pos < size_ && bytes_[pos] >= 0x80) pos = FoldNonAscii(pos);
    }
    writer_.Finish();
  }

 private:
  // Folds the character (or invalid byte) at `pos`; returns the next position.
  std::size_t FoldNonAscii(std::size_t pos) {
    const auto begin = static_cast<std::uint32_t>(pos);
    std::size_t length = 2;
    char32_t c = DecodeTwoByte(pos);
    if (c == 0) c = DecodeUtf8At(bytes_, size_, pos, &length);
    const auto end = static_cast<std::uint32_t>(pos + length);
    if (length == 1) {  // An invalid byte: U+FFFD, of no script.
      constexpr std::uint8_t kFlags = CharacterFold::kSetsShed | CharacterFold::kShedsMarks;
      Put(kFlags, kReplacementUtf8, kReplacementUtf8Length, begin, end);
      return end;
    }
    if (c < FoldCache::kEnd) {
      const FoldCache::Entry& entry = FoldCache::Get(c);
      if ((entry.flags & FoldCache::kPlain) != 0) {  // No room to reserve, no cluster to join.
        shed_marks_ = (entry.flags & CharacterFold::kShedsMarks) != 0;
        cluster_ = writer_.size();
        writer_.Put(entry.bytes, entry.length, begin, end);
        return end;
      }
      if (entry.length != FoldCache::kNotCached) {
        Put(entry.flags, entry.bytes, entry.length, begin, end);
        return end;
      }
    }
    CharacterFold fold;
    FoldCharacter(c, shed_marks_, &fold);
    Put(fold.flags, fold.bytes.data(), fold.length, begin, end);
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

  // Writes the fold of original bytes [begin, end), with CharacterFold
  // `flags`. Whitespace joins the run it is part of. An extender right after
  // the last cluster joins it; any other character starts a cluster, or
  // maps nowhere if it folds to nothing (a zero-width space, a soft hyphen,
  // marks shed where nothing precedes them).
  void Put(std::uint8_t flags, const char* folded, std::size_t length, std::uint32_t begin,
           std::uint32_t end) {
    if ((flags & CharacterFold::kSpace) != 0) {
      writer_.PutSpace(begin, end);
      shed_marks_ = true;
      cluster_ = writer_.size() - 1;
      return;
    }
    if ((flags & CharacterFold::kMarksOnly) != 0 && shed_marks_) length = 0;
    if ((flags & CharacterFold::kSetsShed) != 0) {
      shed_marks_ = (flags & CharacterFold::kShedsMarks) != 0;
    }
    if ((flags & CharacterFold::kExtender) != 0 && cluster_ < writer_.size() &&
        writer_.EndsAt(begin)) {
      writer_.ExtendTo(cluster_, end);
      PutBytes(folded, length, writer_.BeginAt(cluster_), end);
      return;
    }
    cluster_ = writer_.size();
    PutBytes(folded, length, begin, end);
  }

  // A fold's own leading space (spacing diacritics: ¨ reads " \u0308", then
  // " ") is dropped after a space, so spaces never double.
  void PutBytes(const char* folded, std::size_t length, std::uint32_t begin, std::uint32_t end) {
    writer_.Reserve(length + (size_ - end));  // Folds may be longer than the original.
    for (std::size_t i = 0; i < length; ++i) {
      if (folded[i] == ' ' && writer_.EndsWithSpace()) continue;
      writer_.Put(folded[i], begin, end);
    }
  }

  const unsigned char* bytes_;
  std::size_t size_;
  ViewWriter writer_;
  bool shed_marks_ = true;          // Marks here are dropped: nothing precedes them.
  std::size_t cluster_ = SIZE_MAX;  // Output offset of the last cluster, if any.
};

// The code point that ends at `pos` (> 0), or U+FFFD if the byte before `pos`
// does not end a valid UTF-8 sequence.
char32_t DecodeUtf8Before(std::string_view text, std::size_t pos) {
  if (static_cast<unsigned char>(text[pos - 1]) < 0x80) return text[pos - 1];
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

bool IsNonAsciiWordCodePoint(char32_t c) {
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

char32_t DecodeNonAsciiUtf8(std::string_view text, std::size_t pos, std::size_t* length) {
  assert(pos < text.size());
  return DecodeUtf8At(reinterpret_cast<const unsigned char*>(text.data()), text.size(), pos,
                      length);
}

}  // namespace bylaw::internal
