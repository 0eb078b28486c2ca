// Run side: the skeleton and pairs views (skeleton.h), built from a folded
// view before the skeleton databases are scanned. Both reuse their buffers.
#include "skeleton.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <span>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "evasion_match.h"
#include "program_data.h"

namespace bylaw::internal {
namespace {

#ifdef __SSE2__
// 0xFF in each byte of `bytes` that is in [lo, hi] (ASCII), else 0.
__m128i InRange(__m128i bytes, char lo, char hi) {
  return _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8(static_cast<char>(lo - 1))),
                       _mm_cmplt_epi8(bytes, _mm_set1_epi8(static_cast<char>(hi + 1))));
}
// ... that is `c`.
__m128i Equal(__m128i bytes, char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); }
// Stores the 16 bytes of `letters` at `text`, and as their spans the 16
// bytes of the folded text from `at`, one each.
void StoreSixteen(__m128i letters, std::uint32_t at, char* text, std::uint32_t* begins, std::uint32_t* ends) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(text), letters);
  PutIdentitySpans(at, begins, ends);
  PutIdentitySpans(at + 8, begins + 8, ends + 8);
}
// `bytes` with each `l` read `i`, as SkeletonLetter reads it.
__m128i MapL(__m128i bytes) {
  return _mm_sub_epi8(bytes, _mm_and_si128(Equal(bytes, 'l'), _mm_set1_epi8(3)));
}
// 0xFF in each byte of `bytes` that is no separator and no letter of [a-z]:
// a digit, a symbol that SkeletonLetter reads as a letter, `*`, non-ASCII
// (MakeByteTable checks this against its classes).
__m128i NoSeparator(__m128i bytes) {
  const __m128i symbols = _mm_or_si128(_mm_or_si128(Equal(bytes, '!'), Equal(bytes, '|')),
                                       _mm_or_si128(_mm_or_si128(Equal(bytes, '@'), Equal(bytes, '$')),
                                                    _mm_or_si128(Equal(bytes, '+'), Equal(bytes, '*'))));
  const __m128i non_ascii = _mm_cmplt_epi8(bytes, _mm_setzero_si128());
  return _mm_or_si128(_mm_or_si128(InRange(bytes, '0', '9'), non_ascii), symbols);
}
// A bit per byte of `bytes`, the first lowest: set where its byte is 0xFF.
std::uint64_t Mask(__m128i bytes) { return static_cast<std::uint16_t>(_mm_movemask_epi8(bytes)); }
#endif

// What a byte of the folded text is to the skeleton. The table is filled
// from SkeletonLetter once, so the two never disagree.
struct ByteClass {
  enum Kind : std::uint8_t {
    kSeparator,  // ends a word
    kLetter,     // a letter or digit: reads `letter` wherever it is
    kLeet,       // a symbol that reads `letter` between two word characters
    kMask,       // `*`: dropped between two word characters
    kNonAscii,   // the lead or continuation byte of a non-ASCII character
  };
  Kind kind = kSeparator;
  char letter = 0;    // the skeleton letter, for kLetter and kLeet
  bool word = false;  // a word character other than '_' (IsWordCodePoint)
  char padding = 0;   // four bytes: an entry is one load
};
using ByteTable = std::array<ByteClass, 256>;

ByteTable MakeByteTable() {
  ByteTable table;
  for (int byte = 0; byte < 256; ++byte) {
    ByteClass& entry = table[static_cast<std::size_t>(byte)];
    const char c = static_cast<char>(byte);
    if (byte >= 0x80) {
      entry.kind = ByteClass::kNonAscii;
#ifdef __SSE2__
      assert(Mask(NoSeparator(_mm_set1_epi8(c))) != 0);  // PlainWords reads the table's classes
#endif
      continue;
    }
    entry.word = c != '_' && IsWordCodePoint(static_cast<char32_t>(byte));
    entry.letter = SkeletonLetter(c);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      entry.kind = ByteClass::kLetter;
      // LetterRun's eight-byte path maps only `l`, and leaves digits to
      // the byte loop.
      assert(c > '9' ? entry.letter == (c == 'l' ? 'i' : c) : entry.letter != 0);
    } else if (entry.letter != 0) {
      entry.kind = ByteClass::kLeet;
    } else if (c == '*') {
      entry.kind = ByteClass::kMask;
    }
#ifdef __SSE2__
    // PlainWords spells out which bytes separate words: it must read them
    // as this table does.
    assert((Mask(NoSeparator(_mm_set1_epi8(c))) != 0) ==
           (entry.kind != ByteClass::kSeparator && !(c >= 'a' && c <= 'z')));
#endif
  }
  return table;
}

const ByteTable& Bytes() {
  static const ByteTable table = MakeByteTable();
  return table;
}

// Eight bytes of `data` as one word, the first byte lowest.
std::uint64_t LoadEight(const char* data) {
  std::uint64_t word;
  std::memcpy(&word, data, sizeof word);
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
  return word;
}

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHigh = kOnes * 0x80;  // bit 7 of every byte
constexpr std::uint64_t kLow = kOnes * 0x7f;

// Stores `word` as eight bytes at `data`, the lowest first.
void StoreEight(std::uint64_t word, char* data) {
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
  std::memcpy(data, &word, sizeof word);
}

// Bit 7 of each byte of the result is set where that byte of `word` is 0,
// every other bit is clear: exact per byte, since (x & 0x7f) + 0x7f never
// carries into the next byte.
std::uint64_t ZeroBits(std::uint64_t word) { return ~(((word & kLow) + kLow) | word | kLow); }

// ... where that byte of `word` is ' '.
std::uint64_t SpaceBits(std::uint64_t word) { return ZeroBits(word ^ (kOnes * ' ')); }

// ... where that byte of `word` is in [lo, hi] (ASCII). For x <= 0x7f,
// x + (0x80 - lo) has bit 7 set exactly when x >= lo, x + (0x7f - hi) when
// x > hi, and neither carries into the next byte.
std::uint64_t RangeBits(std::uint64_t word, unsigned lo, unsigned hi) {
  const std::uint64_t x = word & kLow;
  return (x + kOnes * (0x80 - lo)) & ~(x + kOnes * (0x7f - hi)) & ~word & kHigh;
}

// Calls at(pos) for every ' ' of text[from, end), in order. Spaces are found
// eight bytes at a time, so that the only branch that depends on the text
// is one per space.
template <class At>
void ForEachSpace(std::string_view text, std::size_t from, At at) {
  std::size_t block = from;
  for (; block + 8 <= text.size(); block += 8) {
    for (std::uint64_t bits = SpaceBits(LoadEight(text.data() + block)); bits != 0;
         bits &= bits - 1) {
      at(block + static_cast<std::size_t>(std::countr_zero(bits) >> 3));
    }
  }
  for (std::size_t pos = block; pos < text.size(); ++pos) {
    if (text[pos] == ' ') at(pos);
  }
}

// Keys are looked up by a hash that composes, H(ab) = Join(H(a), H(b), |b|),
// so that each skeleton word is hashed once and each pair or longer run
// costs a rotate and an xor: H(s) is s's bytes as one big-endian number,
// each further byte rotating what came before left by 8 bits. A word of up
// to 8 bytes hashes to its bytes themselves, read in one load. Collisions
// cost only probes: a key is always compared before it is reported. Nothing
// stores these hashes: the index is rebuilt whenever a program is compiled
// or loaded.
std::uint64_t Join(std::uint64_t first, std::uint64_t second, std::size_t second_length) {
  return std::rotl(first, static_cast<int>(8 * (second_length % 8))) ^ second;
}

std::uint64_t WordHash(const char* text, std::size_t length) {
  std::uint64_t hash = 0;
  for (std::size_t i = 0; i < length; ++i) hash = Join(hash, static_cast<unsigned char>(text[i]), 1);
  return hash;
}

// The hash of a word of one to eight bytes at `text`, with eight bytes
// readable there: its bytes, first byte highest, without a loop whose end
// the branch predictor would miss.
std::uint64_t ShortWordHash(const char* text, std::size_t length) {
  return __builtin_bswap64(LoadEight(text)) >> (8 * (8 - length));
}

// The hash of a word of more than eight bytes: its head of one to eight
// bytes, then whole blocks of eight, each joined by an xor alone (a rotation
// by 64 bits is none), a load per block instead of a step per byte.
std::uint64_t LongWordHash(const char* text, std::size_t length) {
  const std::size_t head = (length - 1) % 8 + 1;
  std::uint64_t hash = ShortWordHash(text, head);
  for (std::size_t block = head; block < length; block += 8) hash ^= ShortWordHash(text + block, 8);
  return hash;
}

// The word text[begin, end) of a word view, with its hash as the word tables
// look it up (0 for a word longer than every key). Forced inline: called for
// every word of every skeleton, GCC kept it out of line.
inline __attribute__((always_inline)) ViewWords::Word WordAt(std::string_view text, std::size_t begin,
                                                             std::size_t end) {
  const std::size_t length = end - begin;
  const char* const word = text.data() + begin;
  const std::uint64_t hash =
      length <= 8 && text.size() - begin >= 8          ? ShortWordHash(word, length)
      : length > 8 && length <= WordTable::kLongestKey ? LongWordHash(word, length)
      : length <= WordTable::kLongestKey               ? WordHash(word, length)
                                                       : 0;
  return {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(length), hash};
}

// Appends to *out the words of text[from, to): the runs of bytes other than
// ' ', each after a ' ' (text[from - 1] is one) and ended by a ' ' or by
// `to`. A word's hash may read bytes of `text` past `to`.
void AppendWords(std::string_view text, std::size_t from, std::size_t to,
                 std::vector<ViewWords::Word>* out) {
  std::size_t begin = from;
  const auto word_ends = [&](std::size_t end) {
    if (end > begin) out->push_back(WordAt(text, begin, end));
    begin = end + 1;
  };
  ForEachSpace(text.substr(0, to), from, word_ends);
  word_ends(to);
}

// Writes the skeleton one word at a time into `out`, sized once for the
// longest skeleton of `input_size` folded bytes (every folded byte writes at
// most one byte, plus the ' ' at each end, plus kSlack) and trimmed by
// Finish(): no allocation once `out` is warm, and no push_back on three
// arrays per byte.
// With `words`, it also lists the words as it ends them, as SplitViewWords
// would find them in the finished view.
class SkeletonWriter {
 public:
  SkeletonWriter(TextView* out, std::size_t input_size, ViewWords* words, bool plain,
                 std::vector<std::uint32_t>* departures)
      : out_(*out), words_(words), departures_(departures), plain_(plain) {
    if (departures_ != nullptr) departures_->clear();
    if (words_ != nullptr) words_->words.clear();
    const std::size_t room = input_size + 2 + kSlack;
    out_.text.resize(room);
    out_.source_begin.resize(room);
    out_.source_end.resize(room);
    text_ = out_.text.data();
    begin_ = out_.source_begin.data();
    end_ = out_.source_end.data();
    Put(' ', 0, 0);
  }

  // Adds the skeleton letters of the run of kLetter bytes from `pos`;
  // returns where the run ends. A run that starts a word may first take
  // whole plain words (PlainWords).
  std::size_t LetterRun(const ByteTable& bytes, std::string_view text, std::size_t pos) {
    if (!in_word_) {
      pos = PlainWords(text, pos);
      if (pos == text.size()) return pos;
    }
    return OneLetterRun(bytes, text, pos);
  }

  // Adds the plain words from `pos` on, where a word starts: each of 1 to 16
  // bytes of [a-z], then one or more separators (ASCII, neither a letter, a
  // digit nor a symbol that may read as a letter), then another such word or
  // the end of the text. Returns where it stopped: at a letter of [a-z], or
  // at the end of the text, the last word ended. Each word is what
  // StartWord, OneLetterRun, Separator and EndWord would make of it, and
  // leaves their state as they would. It stops before a one-letter word
  // that follows another (the two may join: EndWord decides), and at
  // anything else. The bytes are classified 64 at a time into bit masks, and
  // the words are taken from the bits: a word waits on no load.
  std::size_t PlainWords(std::string_view text, std::size_t pos) {
#ifdef __SSE2__
    assert(!in_word_);
    const std::size_t room = out_.text.size();
    char* const out_text = text_;
    std::uint32_t* const begins = begin_;
    std::uint32_t* const ends = end_;
    std::size_t size = size_, word_start = 0;
    std::uint32_t last_end = last_end_;
    bool single = previous_single_;
    char gap_kind = gap_kind_, gap_before = '\0';
    std::size_t length = 0;
    // A block and 16 bytes past it are read; near the end of the text, a
    // copy padded with bytes that are neither letter nor separator.
    constexpr std::size_t kBlock = 64, kRead = kBlock + 16;
    alignas(16) char padded[kRead];
    for (bool more = true; more;) {
      const char* block = text.data() + pos;
      const std::size_t remaining = text.size() - pos;
      if (remaining < kRead) {
        std::memset(padded, 0x80, sizeof padded);
        std::memcpy(padded, block, remaining);
        block = padded;
      }
      std::uint64_t letters = 0, others = 0, repeats = 0;
      for (std::size_t quarter = 0; quarter < kBlock; quarter += 16) {
        const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + quarter));
        const __m128i previous =
            quarter == 0 ? _mm_slli_si128(raw, 1)
                         : _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + quarter - 1));
        letters |= Mask(InRange(raw, 'a', 'z')) << quarter;
        others |= Mask(NoSeparator(raw)) << quarter;
        repeats |= Mask(_mm_cmpeq_epi8(MapL(raw), MapL(previous))) << quarter;
      }
      repeats &= letters & (letters << 1);  // a letter the same as the letter before it
      more = false;
      for (std::size_t start = 0;;) {
        const std::size_t end = std::countr_zero(~letters & (~std::uint64_t{0} << start));
        const std::size_t n = end - start;
        if (end == kBlock) {  // the word goes on past the block: read again from it
          more = start > 0;
          pos += start;
          break;
        }
        const std::size_t next = std::countr_zero(letters & (~std::uint64_t{0} << end));
        // No letter follows before the text ends: the word is its last.
        const bool last = next == kBlock && remaining <= kBlock;
        const std::size_t stop = last ? remaining : next;
        const std::uint64_t between =
            (~std::uint64_t{0} << end) & (stop == kBlock ? ~std::uint64_t{0} : (std::uint64_t{1} << stop) - 1);
        if (n > 16 || (others & between) != 0 || (n == 1 && single) || (stop == kBlock && start == 0)) {
          pos += start;
          break;
        }
        if (stop == kBlock) {  // the next word is past the block
          more = true;
          pos += start;
          break;
        }
        const auto at = static_cast<std::uint32_t>(pos + start);
        if (size > 1) {  // the gap before the word, as StartWord puts it
          out_text[size] = ' ';
          begins[size] = last_end;
          ends[size] = at;
          ++size;
        }
        word_start = size;
        const std::uint64_t word_repeats = (repeats >> start) & ((std::uint64_t{1} << n) - 1);
        // The word in stretches between its repeated letters, each stored
        // whole with its spans (the next one overwrites what overshoots): a
        // repeat is dropped, widening the end of the letter before it.
        assert(size + kSlack <= room);
        std::size_t from = 0;
        for (std::uint64_t left = word_repeats;; left &= left - 1) {
          StoreSixteen(MapL(_mm_loadu_si128(reinterpret_cast<const __m128i*>(block + start + from))),
                       at + static_cast<std::uint32_t>(from), out_text + size, begins + size, ends + size);
          if (left == 0) break;
          const auto repeat = static_cast<std::size_t>(std::countr_zero(left));
          size += repeat - from;
          ends[size - 1] = at + static_cast<std::uint32_t>(repeat) + 1;
          from = repeat + 1;
        }
        size += n - from;
        assert(size <= room);
        if (words_ != nullptr) {
          words_->words.push_back(WordAt(std::string_view(out_text, room), word_start, size));
        }
        last_end = at + static_cast<std::uint32_t>(n);
        length = n;
        single = n == 1;
        gap_before = word_start > 1 ? gap_kind : '\0';
        if (end < remaining) gap_kind = block[end];
        if (last) {
          pos = text.size();
          break;
        }
        start = next;
      }
    }
    if (length == 0) return pos;
    // As EndWord leaves a word that joins no other, then Separator.
    size_ = size;
    last_end_ = last_end;
    word_start_ = word_start;
    word_characters_ = length;
    last_letter_ = previous_letter_ = out_text[size - 1];
    previous_single_ = single;
    run_kind_ = '\0';
    pending_gap_ = kNoGap;
    in_joined_run_ = false;
    gap_before_ = gap_before;
    gap_kind_ = gap_kind;
#endif
    return pos;
  }

  // Adds the skeleton letters of the run of kLetter bytes from `pos`;
  // returns where the run ends. The state lives in locals through the loop:
  // a char store may alias any member, which would force every member
  // through memory on every byte.
  std::size_t OneLetterRun(const ByteTable& bytes, std::string_view text, std::size_t pos) {
    const std::size_t run_begin = pos;
    if (!in_word_) StartWord(static_cast<std::uint32_t>(pos));
    char* const out_text = text_;
    std::uint32_t* const begins = begin_;
    std::uint32_t* const ends = end_;
    std::size_t size = size_;
    char last = last_letter_;
    // Eight bytes at a time while they last: the run's length in the block
    // comes from RangeBits, and the run up to its first repeated letter or
    // digit is its own skeleton (with `l` read `i`), stored whole with its
    // spans; bytes past it land past `size`, where the next write goes
    // anyway (`size` is at most pos + 1, so they stay inside the room). The
    // end of a word then costs no mispredicted branch. A repeated letter
    // widens the last one and the next block starts after it; a digit
    // leaves the rest of the run to the byte loop below.
    while (pos + 8 <= text.size()) {
      const std::uint64_t raw = LoadEight(text.data() + pos);
      const std::uint64_t digits = RangeBits(raw, '0', '9');
      const std::uint64_t others = ~(RangeBits(raw, 'a', 'z') | digits) & kHigh;
      const std::size_t count = others == 0 ? 8 : std::countr_zero(others) >> 3;
      if (count == 0) break;
      const std::uint64_t run =
          count == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * count)) - 1;
      // The one letter that reads as another: `l` - 3 is `i` (no borrow).
      const std::uint64_t word = raw - (ZeroBits(raw ^ (kOnes * 'l')) >> 7) * 3;
      const std::uint64_t before = (word << 8) | static_cast<unsigned char>(last);
      const std::uint64_t stops = (ZeroBits(word ^ before) | digits) & run;
      const std::size_t take = stops == 0 ? count : std::countr_zero(stops) >> 3;
      assert(size + 8 <= out_.text.size());
      StoreEight(word, out_text + size);
      PutIdentitySpans(static_cast<std::uint32_t>(pos), begins + size, ends + size);
      size += take;
      pos += take;
      if (take > 0) last = static_cast<char>(word >> (8 * (take - 1)));
      if (take == count) {
        if (count < 8) break;
        continue;
      }
      if ((digits >> (8 * take)) & 0x80) break;
      ends[size - 1] = static_cast<std::uint32_t>(pos + 1);  // a repeated letter reads once
      ++pos;
    }
    for (; pos < text.size(); ++pos) {
      const ByteClass entry = bytes[static_cast<unsigned char>(text[pos])];
      if (entry.kind != ByteClass::kLetter) break;
      const auto at = static_cast<std::uint32_t>(pos);
      if (entry.letter == last) {  // a repeated letter reads once
        ends[size - 1] = at + 1;
        continue;
      }
      last = entry.letter;
      out_text[size] = last;
      begins[size] = at;
      ends[size] = at + 1;
      ++size;
    }
    assert(size <= out_.text.size());
    size_ = size;
    last_letter_ = last;
    word_characters_ += pos - run_begin;
    return pos;
  }
  // Adds the skeleton letter of the one ASCII character at `pos`.
  void Letter(char letter, std::uint32_t pos) {
    if (!in_word_) StartWord(pos);
    ++word_characters_;
    AsciiLetter(letter, pos);
  }
  // Adds the non-ASCII word character text[begin, end), as it is.
  void Letter(std::string_view text, std::uint32_t begin, std::uint32_t end) {
    if (!in_word_) StartWord(begin);
    ++word_characters_;
    last_letter_ = 0;
    for (std::uint32_t i = begin; i < end; ++i) Put(text[i], begin, end);
  }
  // A non-word character `c` (0 for non-ASCII): ends the current word, if
  // any; the first one of a gap is its kind.
  void Separator(char c) {
    if (in_word_) {
      EndWord();
      gap_kind_ = c;
    }
  }
  // Notes that the skeleton reads the folded text at `at` otherwise than
  // the plain reading would.
  void Depart(std::uint32_t at) {
    if (departures_ != nullptr) departures_->push_back(at);
  }
  void Finish() {
    if (in_word_) EndWord();
    // A join is noted as its word ends, after a symbol inside that word.
    if (departures_ != nullptr) std::sort(departures_->begin(), departures_->end());
    Put(' ', last_end_, last_end_);
    out_.text.resize(size_);
    out_.source_begin.resize(size_);
    out_.source_end.resize(size_);
    if (words_ != nullptr) words_->view = out_.text;
  }

 private:
  void Put(char byte, std::uint32_t begin, std::uint32_t end) {
    assert(size_ < out_.text.size());
    text_[size_] = byte;
    begin_[size_] = begin;
    end_[size_] = end;
    ++size_;
  }
  // A repeated letter reads once: it only widens the first one's span.
  void AsciiLetter(char letter, std::uint32_t pos) {
    if (letter == last_letter_) {
      end_[size_ - 1] = pos + 1;
      return;
    }
    last_letter_ = letter;
    Put(letter, pos, pos + 1);
  }
  void StartWord(std::uint32_t begin) {
    gap_before_ = size_ > 1 ? gap_kind_ : '\0';
    in_word_ = true;
    word_characters_ = 0;
    last_letter_ = 0;
    if (size_ > 1) Put(' ', last_end_, begin);  // the gap before it
    word_start_ = size_;
  }
  // One-letter words join into one when the same separator runs between
  // them (t.i.d.e p.o.d reads "tide pod"), except that a leading `a` or `i`
  // before spaced letters stays a word (take a b e n a d r y l).
  bool JoinsPrevious() const {
    if (run_kind_ != '\0') return gap_before_ == run_kind_;
    return !(gap_before_ == ' ' && (previous_letter_ == 'a' || previous_letter_ == 'i'));
  }
  void EndWord() {
    in_word_ = false;
    if (words_ != nullptr) AddWord(word_start_, size_);
    last_end_ = end_[size_ - 1];
    const bool single = word_characters_ == 1;
    const char letter = text_[size_ - 1];
    const bool link = !plain_ && single && previous_single_ && JoinsPrevious() &&
                      word_start_ >= 2 && text_[word_start_ - 1] == ' ';
    run_kind_ = link ? gap_before_ : '\0';
    // Letters spaced out one by one read as one word once there are three
    // of them (t.i.d.e, b e n); two stay apart (U.S., I/O), since a pair of
    // initials is far likelier than a two-letter word spelled out.
    if (!link) {
      pending_gap_ = kNoGap;
    } else if (pending_gap_ == kNoGap && !in_joined_run_) {
      pending_gap_ = word_start_ - 1;  // a third letter joins both gaps
    } else {
      const std::size_t first_gap = pending_gap_ != kNoGap ? pending_gap_ : word_start_ - 1;
      const std::uint32_t joined_at = begin_[word_start_];
      DropGap(word_start_ - 1);
      if (pending_gap_ != kNoGap) DropGap(pending_gap_);
      pending_gap_ = kNoGap;
      Depart(joined_at);
      if (words_ != nullptr) ListAgainFrom(first_gap);
    }
    in_joined_run_ = link && pending_gap_ == kNoGap;
    previous_single_ = single;
    previous_letter_ = letter;
  }

  // Removes the gap byte at `gap` (the words after it are one character
  // each, a few bytes). The letters it joins read once when they are the
  // same ASCII letter, as inside any word: `a.s.s` reads `as`, `d.i.l.d.o`
  // `dido`.
  void DropGap(std::size_t gap) {
    RemoveByte(gap);
    const auto before = static_cast<unsigned char>(text_[gap - 1]);
    if (before < 0x80 && gap < size_ && text_[gap] == text_[gap - 1]) {
      end_[gap - 1] = end_[gap];
      RemoveByte(gap);
    }
  }
  // The text written so far, and the room past it a word's hash may read.
  std::string_view Room() const { return std::string_view(text_, out_.text.size()); }
  // Lists the word text_[begin, end), hashed while its bytes are at hand.
  void AddWord(std::size_t begin, std::size_t end) {
    assert(end > begin && text_[begin - 1] == ' ');
    words_->words.push_back(WordAt(Room(), begin, end));
  }
  // Lists again the words from the one that ended at `gap` to the last,
  // after gaps from `gap` on were dropped (a few one-letter words): one word
  // now, from the start of the one before `gap` to the end. Its hash reads
  // at most WordTable::kLongestKey bytes, so a run of spelled-out letters
  // that grows one letter at a time costs a step per letter.
  void ListAgainFrom(std::size_t gap) {
    std::vector<ViewWords::Word>& list = words_->words;
    while (!list.empty() && list.back().begin > gap) list.pop_back();
    assert(!list.empty());
    const std::size_t begin = list.back().begin;
    list.back() = WordAt(Room(), begin, size_);
  }
  void RemoveByte(std::size_t at) {
    const std::size_t moved = size_ - at - 1;
    std::memmove(text_ + at, text_ + at + 1, moved);
    std::memmove(begin_ + at, begin_ + at + 1, moved * sizeof *begin_);
    std::memmove(end_ + at, end_ + at + 1, moved * sizeof *end_);
    --size_;
  }

  static constexpr std::size_t kNoGap = static_cast<std::size_t>(-1);
  // Room past the longest skeleton for PlainWords' 16-byte stores: a word
  // is at most 16 bytes, and each of its stretches is stored from at most
  // 16 bytes past where the word starts.
  static constexpr std::size_t kSlack = 32;
  TextView& out_;
  ViewWords* const words_;
  std::vector<std::uint32_t>* const departures_;
  const bool plain_;  // SkeletonReading::kPlain: no letters join
  char* text_;
  std::uint32_t* begin_;
  std::uint32_t* end_;
  std::size_t size_ = 0;
  bool in_word_ = false;
  bool previous_single_ = false;
  std::size_t word_characters_ = 0;
  std::size_t word_start_ = 0;
  char last_letter_ = 0;
  char previous_letter_ = 0;  // last skeleton byte of the previous word
  char gap_kind_ = '\0';      // first separator of the latest gap
  char gap_before_ = '\0';    // ... of the gap before the current word
  char run_kind_ = '\0';      // the separator of the one-letter run being joined
  std::size_t pending_gap_ = kNoGap;  // between the first two letters of a run, until a third
  bool in_joined_run_ = false;        // the run has three letters or more: join the next at once
  std::uint32_t last_end_ = 0;
};

}  // namespace

namespace {

// SymbolIsLetter for the symbol at text[pos], the common cases first: most
// symbols sit between two letters (b@nadryl) or before a space (wow!).
bool SymbolReadsAsLetter(const ByteTable& bytes, std::string_view text, std::size_t pos,
                         bool previous_word) {
  const bool last = pos + 1 >= text.size();
  if (!last && previous_word && bytes[static_cast<unsigned char>(text[pos + 1])].kind == ByteClass::kLetter) {
    return true;
  }
  if (last || text[pos + 1] == ' ') return previous_word && IsTrailingLeet(text[pos]);
  return SymbolIsLetter(text, pos, previous_word);
}

}  // namespace

// Byte by byte through a class table; a run of letters and digits (most of
// any text) goes through LetterRun, which takes plain words 64 bytes at a
// time and the rest in a tight loop. Whether a symbol is inside a word looks
// at the next character only for symbols.
void BuildSkeleton(const TextView& folded, TextView* out, ViewWords* words, SkeletonReading reading,
                   std::vector<std::uint32_t>* departures) {
  const std::string_view text = folded.text;
  const ByteTable& bytes = Bytes();
  const bool plain = reading == SkeletonReading::kPlain;
  SkeletonWriter writer(out, text.size(), words, plain, departures);
  bool previous_word = false;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    const ByteClass& entry = bytes[byte];
    switch (entry.kind) {
      case ByteClass::kLetter:
        pos = writer.LetterRun(bytes, text, pos);
        previous_word = true;
        continue;
      case ByteClass::kLeet:
      case ByteClass::kMask:
        if (!plain && SymbolReadsAsLetter(bytes, text, pos, previous_word)) {
          // A mask inside a word drops out; the word goes on either way.
          if (entry.kind == ByteClass::kLeet) {
            writer.Letter(entry.letter, static_cast<std::uint32_t>(pos));
          }
          writer.Depart(static_cast<std::uint32_t>(pos));
          previous_word = true;
          ++pos;
          continue;
        }
        break;
      case ByteClass::kSeparator:
        break;
      case ByteClass::kNonAscii: {
        std::size_t length = 0;
        const char32_t c = DecodeNonAsciiUtf8(text, pos, &length);
        const auto begin = static_cast<std::uint32_t>(pos);
        pos += length;
        previous_word = IsNonAsciiWordCodePoint(c);
        if (previous_word) {
          writer.Letter(text, begin, static_cast<std::uint32_t>(pos));
        } else {
          writer.Separator('\0');
        }
        continue;
      }
    }
    writer.Separator(static_cast<char>(byte));
    previous_word = false;
    ++pos;
  }
  writer.Finish();
}

namespace {

// Calls pair(first, second, end) for every two adjacent skeleton words of 3
// or more bytes: text[first, second) and text[second, end), each ending with
// its ' '. Words are the runs between single spaces (the view starts and
// ends with one).
template <class Pair>
void ForEachPair(std::string_view text, Pair pair) {
  std::size_t previous = 0, previous_length = 0;  // the word before, and its letters
  std::size_t word = 1;
  ForEachSpace(text, 1, [&](std::size_t pos) {
    const std::size_t length = pos - word;
    if (length >= 3 && previous_length >= 3) pair(previous, word, pos + 1);
    previous = word;
    previous_length = length;
    word = pos + 1;
  });
}

// Copies up to this many skeleton bytes with fixed-size moves; the output
// has this much room to spare for the overshoot.
constexpr std::size_t kCopyChunk = 8;

}  // namespace

// Sized once for the longest result (every word in two pairs, plus the
// first ' ', plus a chunk of slack) and trimmed after: no allocation once
// `out` is warm. Copies through local pointers, which a char store cannot
// alias; a short word (most of them) is copied as one fixed-size chunk of
// each array, past its end inside the skeleton and the slack.
void BuildPairs(const TextView& skeleton, TextView* out) {
  const std::string_view text = skeleton.text;
  const std::size_t room = 2 * text.size() + 1 + kCopyChunk;
  out->text.resize(room);
  out->source_begin.resize(room);
  out->source_end.resize(room);
  const char* const in_text = text.data();
  const std::uint32_t* const in_begins = skeleton.source_begin.data();
  const std::uint32_t* const in_ends = skeleton.source_end.data();
  char* const out_text = out->text.data();
  std::uint32_t* const out_begins = out->source_begin.data();
  std::uint32_t* const out_ends = out->source_end.data();
  std::size_t size = 0;
  auto copy = [&](std::size_t from, std::size_t to) {
    if (to - from <= kCopyChunk && from + kCopyChunk <= text.size()) {
      std::memcpy(out_text + size, in_text + from, kCopyChunk);
      std::memcpy(out_begins + size, in_begins + from, kCopyChunk * sizeof *out_begins);
      std::memcpy(out_ends + size, in_ends + from, kCopyChunk * sizeof *out_ends);
      size += to - from;
      return;
    }
    for (; from < to; ++from, ++size) {
      out_text[size] = in_text[from];
      out_begins[size] = in_begins[from];
      out_ends[size] = in_ends[from];
    }
  };
  // The first word without its ' ', then the second with it.
  ForEachPair(text, [&](std::size_t first, std::size_t second, std::size_t end) {
    if (size == 0) copy(0, 1);
    copy(first, second - 1);
    copy(second, end);
  });
  assert(size + kCopyChunk <= room);
  out->text.resize(size);
  out->source_begin.resize(size);
  out->source_end.resize(size);
}

namespace {

// A slot's entry: the key's index + 1 (0: empty) in the low half; in the
// high half, the fingerprint of the spelling's hash (20 bits, so that a probe
// reads a key only when its fingerprint agrees), the spelling's length when
// it is at most 8 bytes, so that its hash is its bytes (4 bits; 0 when
// longer), then the offset (6 bits) and length (2 bits) of what the spelling
// leaves out of the key.
constexpr std::size_t kWholeBytes = 8;
std::uint64_t Mix(std::uint64_t hash) { return hash * 0x9e3779b97f4a7c15ULL; }
std::uint64_t SlotOf(std::uint64_t mixed, std::size_t whole, std::size_t left_out_at,
                     std::size_t left_out, std::uint32_t key) {
  const std::uint64_t high = (mixed >> 8 & 0xFFFFF000u) | whole << 8 | left_out_at << 2 | left_out;
  return high << 32 | (key + 1);
}
bool SameFingerprint(std::uint64_t slot, std::uint64_t mixed) {
  return (slot >> 44) == ((mixed >> 20) & 0xFFFFF);
}
// The length of a spelling that its hash holds whole, or 0.
std::size_t WholeLength(std::uint64_t slot) { return (slot >> 40) & 0xF; }

// Whether `first` and `second`, joined, read as `key` without its bytes
// [at, at + length).
bool ReadsAs(std::string_view key, std::size_t at, std::size_t length, std::string_view first,
             std::string_view second) {
  if (first.size() + second.size() + length != key.size()) return false;
  const auto byte = [&](std::size_t i) {
    return i < first.size() ? first[i] : second[i - first.size()];
  };
  for (std::size_t i = 0, k = 0; i < key.size() - length; ++i, ++k) {
    if (k == at) k += length;
    if (byte(i) != key[k]) return false;
  }
  return true;
}

// Calls found(key) for every key of `words` that is (or has as a spelling)
// `first` and `second` joined, whose hash is `hash`.
template <class Found>
void EachKey(const WordTable& words, std::string_view first, std::string_view second,
             std::uint64_t hash, Found&& found) {
  if (words.slots.empty()) return;
  const std::uint64_t mixed = Mix(hash);
  const std::size_t mask = words.slots.size() - 1;
  // At most half the slots are taken, so an empty one ends every probe.
  for (std::size_t slot = mixed >> (64 - words.slot_bits);; slot = (slot + 1) & mask) {
    const std::uint64_t entry = words.slots[slot];
    const auto index = static_cast<std::uint32_t>(entry);
    if (index == 0) return;
    if (!SameFingerprint(entry, mixed)) continue;
    // A short spelling is its hash: compared beside the slot, without
    // reading its key.
    const std::size_t whole = WholeLength(entry);
    if (whole != 0 && second.empty()) {  // (only where there are hashes)
      if (whole == first.size() && words.hashes[slot] == hash) {
        found(index - 1);
        // No other slot holds this spelling.
        if (words.unique_whole_spellings) return;
      }
      continue;
    }
    const std::size_t left_out_at = (entry >> 34) & 0x3F, left_out = (entry >> 32) & 0x3;
    if (ReadsAs(words.Key(index - 1), left_out_at, left_out, first, second)) found(index - 1);
  }
}

}  // namespace

bool WordTable::Consistent() const {
  if (key_patterns.size() != key_ends.size()) return false;
  std::uint32_t previous = 0;
  for (std::size_t i = 0; i < key_ends.size(); ++i) {
    if (key_ends[i] < previous || key_ends[i] - previous > kLongestKey ||
        key_patterns[i] >= patterns.size()) {
      return false;
    }
    previous = key_ends[i];
  }
  return previous == key_bytes.size();
}

void WordTable::Index() {
  slots.clear();
  prefixes.clear();
  records.clear();
  filter.fill(0);
  shortest = longest = most_words = 0;
  if (empty() || !Consistent()) return;
  // What each key stands for: itself, or its masked spellings but for a
  // spelling the same as the one before (the doubled letters of
  // "committee" read "comittee" twice).
  const auto each_spelling = [&](std::string_view key, auto&& visit) {
    if (!masked_spellings) {
      visit(0, 0);
      return;
    }
    std::size_t last_at = 0, last_length = 0;
    ForEachMaskedSpelling(key, [&](std::size_t at, std::size_t length) {
      const bool same = length == last_length && at == last_at + 1 && key[last_at] == key[last_at + length];
      last_at = at;
      last_length = length;
      if (!same) visit(at, length);
    });
  };
  std::size_t spellings = 0;
  for (std::uint32_t i = 0; i < size(); ++i) each_spelling(Key(i), [&](std::size_t, std::size_t) { ++spellings; });
  if (spellings == 0) return;
  records.resize(size());
  for (std::uint32_t i = 0; i < size(); ++i) records[i].pattern = key_patterns[i];
  slot_bits = 4;
  while ((std::size_t{1} << slot_bits) < 2 * spellings) ++slot_bits;  // at most half full
  const std::size_t mask = (std::size_t{1} << slot_bits) - 1;
  slots.assign(mask + 1, 0);
  hashes.clear();
  if (!masked_spellings) hashes.assign(mask + 1, 0);
  // A bit per hash of every whole-word prefix of a spelling, about eight
  // bits per spelling.
  prefix_bits = 6;
  while ((std::size_t{1} << prefix_bits) < 8 * spellings) ++prefix_bits;
  prefixes.assign((std::size_t{1} << prefix_bits) / 64, 0);
  shortest = kLongestKey;
  // Slots are far apart in a table of a million spellings: each one's slot
  // is fetched a few spellings ahead of its insertion, so that the misses
  // overlap.
  constexpr std::size_t kAhead = 16;
  struct Pending {
    std::uint64_t hash, mixed, entry;
  };
  std::array<Pending, kAhead> pending{};
  std::size_t queued = 0;
  unique_whole_spellings = true;
  const auto insert = [&](const Pending& spelling) {
    std::size_t slot = spelling.mixed >> (64 - slot_bits);
    const std::size_t whole = WholeLength(spelling.entry);
    for (; slots[slot] != 0; slot = (slot + 1) & mask) {
      // The same short spelling twice (two keys, or a program file's
      // repeats): every probe must walk on past it.
      if (whole != 0 && WholeLength(slots[slot]) == whole && hashes[slot] == spelling.hash) {
        unique_whole_spellings = false;
      }
    }
    slots[slot] = spelling.entry;
    if (!hashes.empty()) hashes[slot] = spelling.hash;
  };
  for (std::uint32_t i = 0; i < size(); ++i) {
    const std::string_view key = Key(i);
    most_words = std::max<std::size_t>(most_words, 1 + std::count(key.begin(), key.end(), ' '));
    each_spelling(key, [&](std::size_t at, std::size_t length) {
      const std::size_t spelled = key.size() - length;
      // The spelling's hash, word prefix by word prefix.
      std::uint64_t hash = 0;
      for (std::size_t k = 0; k < key.size(); ++k) {
        if (k == at) k += length;
        if (key[k] == ' ') AddPrefix(hash);
        hash = Join(hash, static_cast<unsigned char>(key[k]), 1);
      }
      AddPrefix(hash);
      const std::uint64_t mixed = Mix(hash);
      __builtin_prefetch(&slots[mixed >> (64 - slot_bits)], 1);
      Pending& next = pending[queued % kAhead];
      if (queued >= kAhead) insert(next);
      // Hashes are kept for tables whose spellings are their keys (no masks).
      const std::size_t whole = !hashes.empty() && spelled <= kWholeBytes ? spelled : 0;
      next = Pending{hash, mixed, SlotOf(mixed, whole, at, length, i)};
      ++queued;
      shortest = std::min(shortest, spelled);
      longest = std::max(longest, spelled);
      if (spelled == 0) return;
      // A spelling leaves out inner letters only: it keeps the key's ends.
      const std::size_t bit = FilterBit(key.front(), key.back(), spelled);
      filter[bit / 64] |= std::uint64_t{1} << (bit % 64);
    });
  }
  for (std::size_t k = queued > kAhead ? queued - kAhead : 0; k < queued; ++k) {
    insert(pending[k % kAhead]);
  }
}

namespace {

// Where `hash` is in the prefix bitset of `words`.
std::uint64_t PrefixBitOf(const WordTable& words, std::uint64_t hash) {
  return Mix(hash) >> (64 - words.prefix_bits);
}

}  // namespace

void WordTable::AddPrefix(std::uint64_t hash) {
  const std::uint64_t bit = PrefixBitOf(*this, hash);
  prefixes[bit / 64] |= std::uint64_t{1} << (bit % 64);
}

std::uint32_t WordTable::Find(std::string_view key) const {
  std::uint32_t first = kNone;
  EachKey(*this, key, {}, WordHash(key.data(), key.size()),
          [&](std::uint32_t found) { first = std::min(first, found); });
  return first;
}

void SplitViewWords(std::string_view view, ViewWords* out) {
  out->view = view;
  out->words.clear();
  // Each word is hashed in one pass, once for every table and run that
  // reads it. Only runs with a ' ' on both sides are words.
  const std::size_t first = view.find(' '), last = view.rfind(' ');
  if (first != last) AppendWords(view, first + 1, last, &out->words);
}

namespace {

// The bit of `hash` in the prefix bitset of a table with an index (AddPrefix):
// clear when no spelling begins with the words it hashes. Read without a
// branch, for ForEachPassing.
bool PrefixBit(const WordTable& words, std::uint64_t hash) {
  const std::uint64_t bit = PrefixBitOf(words, hash);
  return (words.prefixes[bit / 64] >> (bit % 64)) & 1;
}

// Calls visit(i) for each i of [from, to), in order, for which passes(i)
// holds. `passes` is taken for 64 of them at a time into the bits of a mask,
// without a branch each: most words fail the tests of the word loops below,
// unpredictably, and only the indices that pass cost a branch.
template <class Passes, class Visit>
void ForEachPassing(std::size_t from, std::size_t to, Passes passes, Visit visit) {
  constexpr std::size_t kBlock = 64;
  for (std::size_t block = from; block < to; block += kBlock) {
    const std::size_t stop = std::min(to, block + kBlock);
    std::uint64_t mask = 0;
    for (std::size_t i = block; i < stop; ++i) mask |= static_cast<std::uint64_t>(passes(i)) << (i - block);
    for (; mask != 0; mask &= mask - 1) visit(block + static_cast<std::size_t>(std::countr_zero(mask)));
  }
}

// Slots (1 MB) from which FindWordRuns fetches each word's slot ahead.
constexpr std::size_t kPrefetchedSlots = std::size_t{1} << 17;

}  // namespace

void FindPairWords(const ViewWords& skeleton, const WordTable& words, std::vector<ViewMatch>* out) {
  if (words.slots.empty()) return;
  const std::size_t longest = std::min(words.longest, WordTable::kLongestKey);
  const std::string_view view = skeleton.view;
  const std::vector<ViewWords::Word>& list = skeleton.words;
  // The pair of words i - 1 and i, with its hash as one key.
  const auto hash_of = [&list](std::size_t i) {
    return Join(list[i - 1].hash, list[i].hash, list[i].length);
  };
  // Two words of 3 bytes or more with one ' ' between them, as long as some
  // key, whose join is in the prefix bitset (a whole spelling is a prefix
  // of itself), and whose ends and length the filter knows: it is asked
  // only of the few pairs the bitset lets through.
  const auto wanted = [&](std::size_t i) -> bool {
    const ViewWords::Word& first = list[i - 1];
    const ViewWords::Word& second = list[i];
    const std::size_t length = first.length + second.length;
    return (first.length >= 3) & (second.length >= 3) & (second.begin == first.begin + first.length + 1) &
           (length >= words.shortest) & (length <= longest) & PrefixBit(words, hash_of(i));
  };
  ForEachPassing(1, list.size(), wanted, [&](std::size_t i) {
    const ViewWords::Word& first = list[i - 1];
    const ViewWords::Word& second = list[i];
    const std::uint32_t end = second.begin + second.length;
    if (!words.MayHold(view[first.begin], view[end - 1], first.length + second.length)) return;
    EachKey(words, view.substr(first.begin, first.length), view.substr(second.begin, second.length),
            hash_of(i), [&](std::uint32_t key) {
              const WordTable::KeyRecord& record = words.records[key];
              out->push_back(ViewMatch{record.pattern, first.begin - 1, end + 1, record.plain_form,
                                       record.term, record.phrase});
            });
  });
}

void FindWordRuns(const ViewWords& split, const WordTable& words, std::vector<ViewMatch>* out) {
  if (words.slots.empty()) return;
  const std::size_t longest = std::min(words.longest, WordTable::kLongestKey);
  const std::string_view view = split.view;
  const std::vector<ViewWords::Word>& list = split.words;
  // An index larger than a core's own caches (100k terms: 4 MB) is fetched
  // from for every word, one miss after another: the slot of each word is
  // asked for first, so that the misses overlap. A smaller index is near
  // at hand, where the extra pass would only cost.
  if (words.slots.size() >= kPrefetchedSlots) {
    for (const ViewWords::Word& word : list) {
      const std::size_t slot = Mix(word.hash) >> (64 - words.slot_bits);
      __builtin_prefetch(&words.slots[slot]);
      if (!words.hashes.empty()) __builtin_prefetch(&words.hashes[slot]);
    }
  }
  const std::size_t found = out->size();
  // Runs start only at words some spelling begins with.
  const auto may_begin = [&](std::size_t i) { return PrefixBit(words, list[i].hash); };
  ForEachPassing(0, list.size(), may_begin, [&](std::size_t first) {
    const std::size_t start = list[first].begin;
    std::uint64_t hash = 0;
    // The run is view[start, end); it goes on while the next word follows
    // after one ' ' (two spaces end it).
    for (std::size_t i = first; i < list.size() && i - first < words.most_words; ++i) {
      const ViewWords::Word& word = list[i];
      if (i > first && word.begin != list[i - 1].begin + list[i - 1].length + 1) break;
      const std::size_t end = word.begin + word.length, length = end - start;
      // A run longer than every key ends here (and a word longer than every
      // key has no hash).
      if (length > longest) break;
      hash = i == first ? word.hash : Join(Join(hash, ' ', 1), word.hash, word.length);
      // No spelling goes on from these words.
      if (i > first && !PrefixBit(words, hash)) break;
      if (length < words.shortest || !words.MayHold(view[start], view[end - 1], length)) continue;
      EachKey(words, view.substr(start, length), {}, hash, [&](std::uint32_t key) {
        // A match holds its key until every word is looked up, and then
        // its record's fields: the record, fetched now, arrives while the
        // lookups go on (with 100k terms it is a miss).
        __builtin_prefetch(&words.records[key]);
        out->push_back(
            ViewMatch{key, static_cast<std::uint32_t>(start - 1), static_cast<std::uint32_t>(end + 1)});
      });
    }
  });
  for (std::size_t i = found; i < out->size(); ++i) {
    ViewMatch& match = (*out)[i];
    const WordTable::KeyRecord& record = words.records[match.id];
    match = ViewMatch{record.pattern, match.from, match.to, record.plain_form, record.term, record.phrase};
  }
}

std::vector<WordTableUse> WordTablesOf(const ProgramData& data) {
  std::vector<WordTableUse> uses;
  if (!data.skeleton_words.empty()) {
    uses.push_back({&data.skeleton_words, ViewKind::kSkeleton, false, "skeleton words"});
  }
  if (!data.pair_words.empty()) uses.push_back({&data.pair_words, ViewKind::kSkeleton, true, "pair words"});
  if (!data.masked_words.empty()) {
    uses.push_back({&data.masked_words, ViewKind::kMasked, false, "masked words"});
  }
  return uses;
}

namespace {

// The targets of key `key` of `table`, empty if its pattern or their range
// is out of bounds (a program file is checked, but an index must not read
// out of range).
std::span<const PatternTarget> TargetsOf(const WordTable& table, std::uint32_t key, const ProgramData& data) {
  if (table.key_patterns[key] >= table.patterns.size()) return {};
  const CompiledPattern& pattern = table.patterns[table.key_patterns[key]];
  if (!pattern.padded || pattern.first_target > data.targets.size() ||
      pattern.target_count > data.targets.size() - pattern.first_target) {
    return {};
  }
  return std::span<const PatternTarget>(data.targets).subspan(pattern.first_target, pattern.target_count);
}

// The form in which `key` spells the plain text of `target`'s phrase
// (PlainFormOf), or kNotPlain if it has none; `text` is scratch.
PlainForm TargetPlainForm(const ProgramData& data, const PatternTarget& target, std::string_view key,
                          std::string* text) {
  if (target.phrase >= data.phrases.size()) return kNotPlain;
  const PhrasePattern& phrase = data.phrases[target.phrase];
  *text = PlainText(phrase);
  return !text->empty() && IsPlainPhrase(phrase, *text) ? PlainFormOf(key, *text) : kNotPlain;
}

// Fills each key's record past its pattern: the target that stands for its
// pattern; and, for the skeleton-words table (`plain_forms`), the plain
// forms: the record's, when every target has the same one (a form spells
// one text), and for a key whose record brings no term, whose match reads
// its targets, each target's in data->target_plain_forms. Keys with the same
// targets share a pattern (whether a record brings a term is the pattern's
// property): a target gets a form only if every key holding it agrees.
void IndexKeys(WordTable& table, ProgramData* data, bool plain_forms) {
  std::vector<bool> seen;
  if (plain_forms) {
    data->target_plain_forms.assign(data->targets.size(), kNotPlain);
    seen.assign(data->targets.size(), false);
  }
  std::string text;
  for (std::uint32_t key = 0; key < table.records.size(); ++key) {
    const std::span<const PatternTarget> targets = TargetsOf(table, key, *data);
    WordTable::KeyRecord& record = table.records[key];
    if (targets.size() == 1 && targets[0].field_set == kNone && !targets[0].exception &&
        targets[0].edit_distance == 0 && targets[0].phrase < data->phrases.size()) {
      record.term = targets[0].term;
      record.phrase = targets[0].phrase;
    }
    if (!plain_forms) continue;
    const bool per_target = record.term == kNone;
    PlainForm shared = kNotPlain;
    bool same = true;
    for (const PatternTarget& target : targets) {
      const PlainForm form = TargetPlainForm(*data, target, table.Key(key), &text);
      same = same && (&target == targets.data() || form == shared);
      shared = form;
      if (per_target) {
        const std::size_t index = static_cast<std::size_t>(&target - data->targets.data());
        const bool agrees = !seen[index] || data->target_plain_forms[index] == form;
        seen[index] = true;
        data->target_plain_forms[index] = agrees ? form : kNotPlain;
      } else if (!same) {
        break;
      }
    }
    if (same) record.plain_form = shared;
  }
}

}  // namespace

void IndexWordTables(ProgramData* data) {
  data->phrase_letters.clear();
  for (const PhrasePattern& phrase : data->phrases) {
    data->phrase_letters.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(phrase.runs.size(), 255)));
  }
  data->skeleton_words.Index();
  data->pair_words.Index();
  data->masked_words.Index();
  IndexKeys(data->skeleton_words, data, true);
  IndexKeys(data->pair_words, data, false);
  IndexKeys(data->masked_words, data, false);
}

void FindInWordTable(const WordTableUse& use, const ViewWords& words, std::vector<ViewMatch>* out) {
  if (use.pairs) {
    FindPairWords(words, *use.table, out);
  } else {
    FindWordRuns(words, *use.table, out);
  }
}

namespace {

// Words a stretch keeps each side of a mask (the masked view) or of a
// departure (the plain stretches), so that a phrase of several words with
// the mask or departure in one of them matches there too.
constexpr int kStretchContext = 3;

// Where a walk of stretches stands: the skeleton bytes before `copied` are
// in the output or passed over, and `word_end` is the ' ' that ends the word
// of the latest offset.
struct StretchCursor {
  std::size_t copied = 0;
  std::size_t word_end = 0;
};

// Appends to *out the skeleton range, from the ' ' before to the ' ' after,
// of the word that folded offset `at` falls in (or, a dropped `*` or a gap,
// ends), widened by kStretchContext words each side, but for what it already
// holds. Offsets come in order, so stretches that overlap read as one, and
// an offset in the word of the one before adds nothing and reads nothing: a
// word of a million masked letters is walked once, not once per mask.
void AppendStretch(const TextView& skeleton, std::uint32_t at, StretchCursor* cursor, TextView* out) {
  const std::string_view text = skeleton.text;
  const auto found = std::lower_bound(skeleton.source_begin.begin(), skeleton.source_begin.end(), at);
  std::size_t first = static_cast<std::size_t>(found - skeleton.source_begin.begin());
  if (first >= text.size()) first = text.size() - 1;
  if (first > 0 && text[first] == ' ') --first;  // `at` ended the word
  if (first < cursor->word_end) return;
  std::size_t begin = first, end = first;
  for (int spaces = 0; begin > cursor->copied && spaces <= kStretchContext; --begin) {
    if (text[begin] == ' ' && ++spaces > kStretchContext) break;
  }
  cursor->word_end = text.size() - 1;
  for (int spaces = 0; end + 1 < text.size(); ++end) {
    if (text[end] != ' ') continue;
    if (spaces == 0) cursor->word_end = end;
    if (++spaces > kStretchContext) break;
  }
  ++end;  // past its ' '
  begin = std::max(begin, cursor->copied);
  if (begin >= end) return;
  out->text.append(text, begin, end - begin);
  out->source_begin.insert(out->source_begin.end(), skeleton.source_begin.begin() + begin,
                           skeleton.source_begin.begin() + end);
  out->source_end.insert(out->source_end.end(), skeleton.source_end.begin() + begin,
                         skeleton.source_end.begin() + end);
  cursor->copied = end;
}

}  // namespace

void BuildMasked(const TextView& folded, const TextView& skeleton, TextView* out) {
  out->Clear();
  if (skeleton.text.size() < 2) return;
  StretchCursor cursor;
  for (std::size_t star = folded.text.find('*'); star != std::string::npos;
       star = folded.text.find('*', star + 1)) {
    AppendStretch(skeleton, static_cast<std::uint32_t>(star), &cursor, out);
  }
}

void BuildStretches(const TextView& skeleton, std::span<const std::uint32_t> at, TextView* out) {
  out->Clear();
  if (skeleton.text.size() < 2) return;
  StretchCursor cursor;
  for (const std::uint32_t offset : at) AppendStretch(skeleton, offset, &cursor, out);
}

std::vector<std::string> SkeletonWords(std::string_view text, SkeletonReading reading) {
  TextView folded, skeleton;
  FoldText(text, &folded);
  BuildSkeleton(folded, &skeleton, nullptr, reading);
  std::vector<std::string> words;
  std::string_view rest = skeleton.text;
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    if (space != 0) words.emplace_back(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return words;
}

}  // namespace bylaw::internal
